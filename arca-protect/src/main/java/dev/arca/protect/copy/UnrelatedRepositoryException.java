package dev.arca.protect.copy;

/**
 * The target of a copy gives blobs other ids than the source (it was not created {@code --like} the
 * source): the copy could neither find what the target already holds nor store blobs under ids the
 * target can verify, so it is refused before anything is written.
 */
public final class UnrelatedRepositoryException extends IllegalArgumentException {
    public UnrelatedRepositoryException(String message) {
        super(message);
    }
}
