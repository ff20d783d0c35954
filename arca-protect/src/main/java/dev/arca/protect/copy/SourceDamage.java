package dev.arca.protect.copy;

import dev.arca.repository.crypto.BlobId;
import java.io.IOException;

/**
 * A blob that could not be read from the source (missing, damaged, or its storage failed): it fails
 * the snapshot that uses it, not the whole copy, unlike a failure to store in the target.
 */
final class SourceDamage extends IOException {
    SourceDamage(BlobId blob, IOException cause) {
        super(describe(blob, cause), cause);
    }

    /** The reason, naming the blob once whether or not the cause already does. */
    private static String describe(BlobId blob, IOException cause) {
        String reason = String.valueOf(cause.getMessage());
        return reason.contains(blob.hex()) ? reason : "blob " + blob.hex() + ": " + reason;
    }
}
