package dev.arca.cli;

import dev.arca.plan.parse.ParsedPlan;
import dev.arca.plan.parse.PlanParser;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a plan file from disk, turning every way that can fail into a message about that file. */
final class PlanFile {
    private PlanFile() {
    }

    static ParsedPlan read(Path file) {
        String name = file.toString();
        if (!Files.exists(file)) {
            throw new CliException(ExitCode.FAILURE, "plan '" + name + "' does not exist",
                    "give the path of your plan file, or write a starter plan with 'arca init'");
        }
        if (Files.isDirectory(file)) {
            throw new CliException(ExitCode.FAILURE, "plan '" + name + "' is a directory, not a file",
                    "give the plan file itself, such as " + file.resolve("arca.yaml"));
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return PlanParser.parse(name, text);
        } catch (AccessDeniedException e) {
            throw new CliException(ExitCode.FAILURE, "plan '" + name + "' cannot be read: permission denied",
                    "run arca as a user that can read it, or adjust its permissions (chmod/chown)");
        } catch (CharacterCodingException e) {
            throw new CliException(ExitCode.FAILURE, "plan '" + name + "' is not UTF-8 text",
                    "save the plan as UTF-8 YAML");
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "plan '" + name + "' cannot be read: " + e.getMessage(), null);
        }
    }
}
