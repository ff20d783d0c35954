package dev.arca.protect.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** How one database names its log files in a spool directory and how to tell what of them is written. */
public interface LogFormat {

    /** The log file's name as the database knows it, or empty for files that are not logs (indexes, temp files). */
    Optional<String> logName(String fileName);

    /**
     * How many bytes from the start of the file are written and final. The file is the one of
     * {@code fileName}, {@code size} bytes long now.
     */
    long writtenLength(Path file, long size) throws IOException;

    /** Whether the database has finished the file, given every log file name now in the spool. */
    boolean finished(String fileName, List<String> spoolFileNames);
}
