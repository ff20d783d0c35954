package dev.arca.storage.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * What an upload sends: an array, or a local file read part by part, so that a pack composed on disk is
 * never held in memory whole. Each part can be opened again, since the SDK re-reads a body it retries.
 */
record UploadBody(long length, Parts parts, RequestBody whole) {
    private static final String OCTET_STREAM = "application/octet-stream";

    /** Opens the bytes {@code [offset, offset + length)}. */
    @FunctionalInterface
    interface Parts {
        InputStream open(long offset, long length);
    }

    static UploadBody of(byte[] data) {
        // The whole array goes as the SDK's own array body, which it sends in one piece.
        return new UploadBody(data.length, (offset, length) -> new ByteArrayInputStream(data, (int) offset, (int) length),
                RequestBody.fromContentProvider(ContentStreamProvider.fromByteArrayUnsafe(data), data.length, OCTET_STREAM));
    }

    static UploadBody of(Path file, long size) {
        return new UploadBody(size, (offset, length) -> new FileSlice(file, offset, length), RequestBody.fromFile(file));
    }

    /** The body of a multipart upload's part {@code [offset, offset + count)}. */
    RequestBody part(long offset, long count) {
        return RequestBody.fromContentProvider(() -> parts.open(offset, count), count, OCTET_STREAM);
    }

    /** Positional reads of one range of a file. */
    private static final class FileSlice extends InputStream {
        private final FileChannel channel;
        private long position;
        private final long end;

        FileSlice(Path file, long offset, long length) {
            try {
                this.channel = FileChannel.open(file, StandardOpenOption.READ);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + " to upload it", e);
            }
            this.position = offset;
            this.end = offset + length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position >= end) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
            if (n < 0) {
                throw new IOException("file ended at " + position + " bytes, before the " + end + " to upload");
            }
            position += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
