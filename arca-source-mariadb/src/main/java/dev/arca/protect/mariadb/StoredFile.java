package dev.arca.protect.mariadb;

import dev.arca.protect.restore.RestoreOptions;
import dev.arca.protect.restore.Restorer;
import dev.arca.protect.source.ExternalCommand;
import dev.arca.repository.Repository;
import dev.arca.repository.snapshot.Snapshot;
import java.io.IOException;
import java.io.OutputStream;

/** One file of a snapshot, fed from the repository into a tool that reads it on standard input. */
record StoredFile(Repository repo, Snapshot snapshot, String path) {

    /**
     * Starts {@code tool}, writes the file to it and waits for it to end.
     *
     * @throws dev.arca.protect.source.CommandFailedException with the tool's own words when it fails, also
     *     when it dies while being fed
     */
    void feed(ExternalCommand tool) throws IOException {
        try (ExternalCommand.Running r = tool.start(line -> { })) {
            try (OutputStream in = r.stdin()) {
                new Restorer(repo, RestoreOptions.defaults()).restoreFile(snapshot, path, in);
            } catch (IOException e) {
                if (r.process().isAlive()) {
                    throw e;
                }
                // The tool died while being fed: its own error says why.
            }
            r.waitOk();
        }
    }
}
