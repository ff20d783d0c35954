package dev.arca.cli;

import dev.arca.protect.source.DatabaseSource;
import dev.arca.protect.source.PointInTime;
import dev.arca.protect.source.RestoreReport;
import dev.arca.protect.source.RestoreTarget;
import dev.arca.repository.Repository;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code arca restore --plan FILE --system S --source N --at TIME}: point-in-time restore of a database source. */
final class PlanRestore {
    /** Next to a default PostgreSQL on 5432, so that a restore on the database host does not collide with it. */
    static final int DEFAULT_PORT = 5433;
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS][.SSS]");

    private final Arca arca;
    private final RepoOptions repo;
    private final PlanContext plan;

    PlanRestore(Arca arca, RepoOptions repo, PlanContext plan) {
        this.arca = arca;
        this.repo = repo.defaultingTo(arca, plan);
        this.plan = plan;
    }

    int run(String system, String source, String at, Path targetDir, String targetUrl) throws Exception {
        if (at == null) {
            throw new CliException(ExitCode.USAGE, "--at is missing", "give --at latest or --at 2026-11-26T14:05:00Z");
        }
        PointInTime when = parseTime(at);
        RestoreTarget target = target(targetDir, targetUrl);
        PlanContext.Selected s = plan.one(Optional.ofNullable(system), Optional.ofNullable(source));
        DatabaseSource db = plan.database(s);
        RestoreReport report;
        try (Repository r = repo.open(arca)) {
            try {
                report = db.restore(r, when, target);
            } catch (IllegalArgumentException e) {
                String[] parts = e.getMessage().split("\\nHINT: ", 2);
                throw new CliException(ExitCode.FAILURE, s.stream() + ": " + parts[0], parts.length > 1 ? parts[1] : null);
            }
        }
        if (repo.json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("source", s.stream());
            doc.put("report", report);
            arca.out.println(JsonOutput.write(doc));
        } else {
            arca.out.printf("%s restored to %s from snapshot %s with %d log file(s) in %s%n", s.stream(), report.reached(),
                    report.snapshot(), report.logFiles(), Sizes.duration(report.duration()));
            report.notes().forEach(n -> arca.out.println("  " + n));
        }
        return ExitCode.OK;
    }

    static PointInTime parseTime(String text) {
        if (text.equalsIgnoreCase("latest")) {
            return new PointInTime.Latest();
        }
        try {
            return new PointInTime.At(Instant.parse(text));
        } catch (DateTimeParseException e) {
            // try the other forms
        }
        try {
            return new PointInTime.At(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            // try the other forms
        }
        try {
            return new PointInTime.At(LocalDateTime.parse(text, LOCAL).atZone(ZoneId.systemDefault()).toInstant());
        } catch (DateTimeParseException e) {
            throw new CliException(ExitCode.USAGE, "--at: expected 'latest' or a time such as 2026-11-26T14:05:00Z, "
                    + "2026-11-26T16:05:00+02:00 or '2026-11-26 14:05:00' (local time), got '" + text + "'", null);
        }
    }

    static RestoreTarget target(Path dir, String url) {
        if (url == null) {
            if (dir == null) {
                throw new CliException(ExitCode.USAGE, "no restore target", "give --target-dir DIR (PostgreSQL, or a "
                        + "MariaDB physical backup) or --target-url mariadb://user@host:port (a MariaDB dump)");
            }
            return new RestoreTarget(Optional.of(dir), Optional.empty(), DEFAULT_PORT, Optional.empty());
        }
        URI u;
        try {
            u = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new CliException(ExitCode.USAGE, "--target-url: not a URL: '" + url + "'", "write it like postgres://user@host:port");
        }
        if (u.getHost() == null || u.getPort() < 0) {
            throw new CliException(ExitCode.USAGE, "--target-url: expected scheme://[user@]host:port, got '" + url + "'", null);
        }
        return new RestoreTarget(Optional.ofNullable(dir), Optional.of(u.getHost()), u.getPort(), Optional.ofNullable(u.getUserInfo()));
    }
}
