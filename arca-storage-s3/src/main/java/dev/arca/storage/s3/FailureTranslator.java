package dev.arca.storage.s3;

import dev.arca.storage.ObjectKey;
import dev.arca.storage.StorageNotFoundException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * Turns SDK exceptions into the storage's {@link IOException}s, with words an operator can act on: what failed,
 * where, and a {@code HINT:} line saying what to fix when the cause is a setting rather than a passing fault.
 */
final class FailureTranslator {
    private static final Pattern ATTEMPTS = Pattern.compile(" \\(SDK Attempt Count: \\d+\\)$");
    private final String location;
    private final String server;
    private final String bucket;

    FailureTranslator(S3Options options) {
        this.location = options.location();
        this.server = options.server();
        this.bucket = options.bucket();
    }

    /** {@code action} is a verb ("save", "list data") and {@code key} the object, or null for the whole storage. */
    IOException translate(String action, ObjectKey key, SdkException e) {
        String prefix = location + (key == null ? "" : ": " + key) + ": cannot " + action + ": ";
        if (e instanceof AwsServiceException service) {
            String code = code(service);
            return switch (code) {
                case "NoSuchBucket" -> missingBucket(prefix, e);
                case "InvalidAccessKeyId" -> new IOException(prefix + server + " does not know the access key"
                        + " (InvalidAccessKeyId)\nHINT: check AWS_ACCESS_KEY_ID, or the AWS profile, for this server", e);
                case "SignatureDoesNotMatch" -> new IOException(prefix + server + " rejected the request signature"
                        + " (SignatureDoesNotMatch)\nHINT: check AWS_SECRET_ACCESS_KEY, or the AWS profile, for this"
                        + " access key", e);
                case "AccessDenied" -> new IOException(prefix + "access denied by " + server + " (AccessDenied)"
                        + "\nHINT: check that the credentials may list the bucket and read, write and delete objects"
                        + " under " + location + "/", e);
                default -> new IOException(prefix + reason(service), e);
            };
        }
        Throwable cause = rootCause(e);
        if (cause instanceof InterruptedException || cause instanceof InterruptedIOException
                && !(cause instanceof SocketTimeoutException)) {
            InterruptedIOException interrupted = new InterruptedIOException(prefix + "interrupted");
            interrupted.initCause(e);
            return interrupted;
        }
        if (cause instanceof ConnectException || cause instanceof UnknownHostException
                || cause instanceof NoRouteToHostException) {
            return new IOException(prefix + "cannot reach the S3 server at " + server + ": " + connectReason(cause)
                    + "\nHINT: check the endpoint (endpoint= in the URL, or ARCA_S3_ENDPOINT) and that the server"
                    + " is running", e);
        }
        if (e instanceof SdkClientException && e.getMessage() != null
                && e.getMessage().startsWith("Unable to load credentials")) {
            return new IOException(prefix + "no AWS credentials found"
                    + "\nHINT: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE", e);
        }
        String message = cause.getMessage() != null ? cause.getMessage() : cause.toString();
        // The SDK counts attempts, but it makes only one: RetryingStorage counts them, in its own words.
        return new IOException(prefix + ATTEMPTS.matcher(message).replaceFirst(""), e);
    }

    /** The answer when opening finds no bucket: an answer, not a fault to retry. */
    StorageNotFoundException missingBucket(String prefix, Exception cause) {
        StorageNotFoundException missing = new StorageNotFoundException(prefix + "bucket '" + bucket
                + "' does not exist at " + server + "\nHINT: create it with 'arca init', or correct the bucket"
                + " name in the repository URL");
        missing.initCause(cause);
        return missing;
    }

    /** A delete or overwrite that Object Lock refused: the object outlives every credential until the date. */
    IOException locked(String action, ObjectKey key, Instant until, Exception cause) {
        IOException locked = new dev.arca.storage.ObjectLockedException(location + ": " + key + ": cannot " + action
                + ": the object is locked until " + until.truncatedTo(ChronoUnit.SECONDS) + " (immutable repository)", key,
                java.util.Optional.of(until));
        locked.initCause(cause);
        return locked;
    }

    static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? ""
                : e.awsErrorDetails().errorCode();
    }

    static boolean isAccessDenied(SdkException e) {
        return e instanceof AwsServiceException service && service.statusCode() == 403;
    }

    private static String reason(AwsServiceException e) {
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        String code = code(e);
        return (message == null || message.isBlank() ? "the server answered" : message) + " (HTTP " + e.statusCode()
                + (code.isEmpty() ? "" : ", " + code) + ")";
    }

    private static String connectReason(Throwable cause) {
        if (cause instanceof UnknownHostException) {
            return "unknown host " + cause.getMessage();
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        return "no route to host";
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
