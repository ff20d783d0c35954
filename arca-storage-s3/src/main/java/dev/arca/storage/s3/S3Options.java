package dev.arca.storage.s3;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where an {@link S3Storage} lives and how it writes, as read from an {@code s3://} URL:
 *
 * <pre>{@code
 * s3://bucket/prefix?endpoint=http://127.0.0.1:9000&region=us-east-1&path-style=true&lock-days=30&storage-class=STANDARD_IA
 * }</pre>
 *
 * @param bucket the bucket name
 * @param prefix the key prefix of the repository, without leading or trailing slash; empty for the bucket root
 * @param endpoint a non-AWS server, or empty for AWS itself (query {@code endpoint}, else env {@code ARCA_S3_ENDPOINT})
 * @param region the signing region (query {@code region}, else env {@code AWS_REGION}, else {@code us-east-1})
 * @param pathStyle whether the bucket goes in the path rather than the host name (query {@code path-style};
 *        the default is true with an endpoint, since most self-hosted servers have no wildcard DNS)
 * @param lockPeriod how long every saved object is locked in compliance mode; zero for no lock (query {@code lock-days})
 * @param storageClass the S3 storage class of packs ({@code data/}), or empty for the bucket's default; other
 *     objects always use the bucket's default
 *        (query {@code storage-class}: {@code STANDARD}, {@code STANDARD_IA}, {@code GLACIER}, ...)
 * @param conditionalPut whether saves send {@code If-None-Match: *} (query {@code conditional-put}, default true);
 *        turn it off only for a server that rejects the header
 * @param checksums whether uploads carry the SDK's CRC checksums (query {@code checksums=when-required} turns them
 *        off for older servers that reject them; the repository authenticates every object anyway)
 * @param multipartThreshold objects larger than this are uploaded in parts
 * @param partSize the size of each part but the last
 */
public record S3Options(String bucket, String prefix, Optional<URI> endpoint, String region, boolean pathStyle,
                        Duration lockPeriod, Optional<String> storageClass, boolean conditionalPut, boolean checksums,
                        long multipartThreshold, int partSize) {
    /** S3 refuses parts below 5 MiB, except the last. */
    static final int MIN_PART = 5 * 1024 * 1024;
    private static final int MIB = 1024 * 1024;
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    private static final Set<String> STORAGE_CLASSES = Set.of("STANDARD", "STANDARD_IA", "ONEZONE_IA",
            "INTELLIGENT_TIERING", "GLACIER", "GLACIER_IR", "DEEP_ARCHIVE", "REDUCED_REDUNDANCY");
    private static final Set<String> QUERY = Set.of("endpoint", "region", "path-style", "lock-days", "storage-class",
            "conditional-put", "checksums");

    public S3Options {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(lockPeriod, "lockPeriod");
        Objects.requireNonNull(storageClass, "storageClass");
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("S3 bucket name '" + bucket
                    + "': expected 3-63 characters of a-z 0-9 . - starting and ending with a letter or digit");
        }
        if (!prefix.isEmpty() && !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("S3 prefix '" + prefix
                    + "': expected path segments of A-Z a-z 0-9 . _ - separated by single slashes");
        }
        if (lockPeriod.isNegative()) {
            throw new IllegalArgumentException("S3 lock period must not be negative, not " + lockPeriod);
        }
        storageClass.ifPresent(name -> {
            if (!STORAGE_CLASSES.contains(name)) {
                throw new IllegalArgumentException("S3 storage class '" + name + "': expected one of "
                        + STORAGE_CLASSES.stream().sorted().toList());
            }
        });
        if (partSize < MIN_PART || multipartThreshold < partSize) {
            throw new IllegalArgumentException("S3 multipart: expected 5 MiB <= part size <= threshold, not part size "
                    + partSize + " and threshold " + multipartThreshold);
        }
    }

    /** A bucket and prefix on AWS with every default: no lock, the bucket's storage class, 16 MiB threshold, 8 MiB parts. */
    public static S3Options of(String bucket, String prefix) {
        return new S3Options(bucket, prefix, Optional.empty(), "us-east-1", false, Duration.ZERO, Optional.empty(),
                true, true, 16L * MIB, 8 * MIB);
    }

    /**
     * Reads an {@code s3://bucket/prefix?...} URL. {@code environment} supplies {@code ARCA_S3_ENDPOINT} and
     * {@code AWS_REGION} where the URL does not say; credentials never come from the URL, only from the AWS chain.
     *
     * @throws IllegalArgumentException if the URL is malformed or has an unknown or invalid parameter
     */
    public static S3Options parse(URI uri, Map<String, String> environment) {
        if (!"s3".equalsIgnoreCase(uri.getScheme()) || uri.isOpaque()) {
            throw new IllegalArgumentException("repository '" + uri + "': expected s3://bucket/prefix");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("repository '" + uri + "': S3 URLs carry no credentials; set"
                    + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an AWS profile");
        }
        String bucket = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
        if (bucket == null || bucket.isEmpty()) {
            throw new IllegalArgumentException("repository '" + uri + "': no bucket; expected s3://bucket/prefix");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String prefix = path.replaceAll("^/+", "").replaceAll("/+$", "");
        Map<String, String> query = query(uri);
        String endpointText = query.getOrDefault("endpoint", environment.getOrDefault("ARCA_S3_ENDPOINT", ""));
        Optional<URI> endpoint = endpointText.isBlank() ? Optional.empty() : Optional.of(endpoint(uri, endpointText));
        String region = query.getOrDefault("region", environment.getOrDefault("AWS_REGION", ""));
        S3Options defaults = of(bucket, prefix);
        try {
            return new S3Options(bucket, prefix, endpoint, region.isBlank() ? defaults.region() : region,
                    flag(query, "path-style", endpoint.isPresent()), lockDays(query.get("lock-days")),
                    Optional.ofNullable(query.get("storage-class")).map(name -> name.toUpperCase(Locale.ROOT)),
                    flag(query, "conditional-put", true), checksums(query.get("checksums")),
                    defaults.multipartThreshold(), defaults.partSize());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("repository '" + uri + "': " + e.getMessage(), e);
        }
    }

    /** The same options with another lock period. */
    public S3Options withLockPeriod(Duration period) {
        return new S3Options(bucket, prefix, endpoint, region, pathStyle, period, storageClass, conditionalPut,
                checksums, multipartThreshold, partSize);
    }

    /** The same options with another multipart threshold and part size. */
    public S3Options withMultipart(long threshold, int part) {
        return new S3Options(bucket, prefix, endpoint, region, pathStyle, lockPeriod, storageClass, conditionalPut,
                checksums, threshold, part);
    }

    /** The location shown in messages: the URL without its query, which may name a private endpoint. */
    String location() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    /** Where the requests go, for messages about reaching it. */
    String server() {
        return endpoint.map(URI::toString).orElse("AWS S3 (" + region + ")");
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            if (!QUERY.contains(name)) {
                throw new IllegalArgumentException("repository '" + uri + "': unknown parameter '" + name
                        + "'; known: " + QUERY.stream().sorted().toList());
            }
            values.put(name, value);
        }
        return values;
    }

    private static URI endpoint(URI uri, String text) {
        try {
            URI endpoint = new URI(text);
            if (endpoint.getScheme() == null || endpoint.getHost() == null
                    || !Set.of("http", "https").contains(endpoint.getScheme().toLowerCase(Locale.ROOT))) {
                throw new URISyntaxException(text, "expected http://host:port or https://host");
            }
            return endpoint;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("repository '" + uri + "': S3 endpoint '" + text + "': "
                    + e.getReason(), e);
        }
    }

    private static boolean flag(Map<String, String> query, String name, boolean fallback) {
        String value = query.get(name);
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, not '" + value + "'");
        };
    }

    private static Duration lockDays(String value) {
        if (value == null) {
            return Duration.ZERO;
        }
        try {
            int days = Integer.parseInt(value);
            if (days < 1 || days > 36_500) {
                throw new NumberFormatException();
            }
            return Duration.ofDays(days);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("lock-days must be a whole number of days from 1 to 36500, not '"
                    + value + "'", e);
        }
    }

    private static boolean checksums(String value) {
        if (value == null || value.equals("always")) {
            return true;
        }
        if (value.equals("when-required")) {
            return false;
        }
        throw new IllegalArgumentException("checksums must be always or when-required, not '" + value + "'");
    }
}
