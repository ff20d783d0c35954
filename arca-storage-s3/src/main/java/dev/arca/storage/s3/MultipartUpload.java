package dev.arca.storage.s3;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * Uploads one large object in parts. Nothing is visible under the object's key until the final complete
 * request, which carries the same {@code If-None-Match} condition as a single PUT; any failure before then aborts
 * the upload, so that its parts neither linger (they are billed) nor ever appear as an object.
 */
final class MultipartUpload {
    private MultipartUpload() {
    }

    /**
     * @param create the create request, carrying the key, storage class and lock
     * @throws SdkException as the SDK threw it, after the upload was aborted (an abort that fails is attached as
     *         suppressed: the server then keeps invisible parts until a lifecycle rule removes them)
     */
    static void upload(S3Client client, CreateMultipartUploadRequest create, UploadBody data, int partSize,
                       boolean conditional) {
        String bucket = create.bucket();
        String key = create.key();
        String uploadId = client.createMultipartUpload(create).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0, number = 1; offset < data.length(); offset += partSize, number++) {
                long length = Math.min(partSize, data.length() - offset);
                long start = offset;
                int part = (int) number;
                String etag = client.uploadPart(request -> request.bucket(bucket).key(key).uploadId(uploadId)
                                .partNumber(part).contentLength(length),
                        data.part(start, length)).eTag();
                parts.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
            }
            client.completeMultipartUpload(request -> {
                request.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(upload -> upload.parts(parts));
                if (conditional) {
                    request.ifNoneMatch("*");
                }
            });
        } catch (RuntimeException e) {
            try {
                client.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }
}
