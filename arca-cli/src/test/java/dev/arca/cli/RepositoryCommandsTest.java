package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restic-like commands end to end, in-process, against a local repository. */
class RepositoryCommandsTest {
    @TempDir
    Path tmp;

    private Path repo;
    private Path data;

    @BeforeEach
    void setUp() throws IOException {
        repo = tmp.resolve("repo");
        data = tmp.resolve("data");
        Files.createDirectories(data.resolve("config"));
        byte[] blob = new byte[3 << 20];
        new Random(1).nextBytes(blob);
        Files.write(data.resolve("attachment.bin"), blob);
        Files.writeString(data.resolve("config/app.yml"), "listen: 8080\n");
        Files.writeString(data.resolve("notes.txt"), "ticket 1\n".repeat(5000));
        Files.writeString(data.resolve("scratch.tmp"), "ignore me");
        assertThat(arca("init", "-r", repo.toString()).exit()).isZero();
    }

    private CliRun arca(String... args) {
        return CliRun.of(args);
    }

    /** Lock staleness is judged against the clock, so lock tests run on the real one. */
    private static CliRun now(String... args) {
        return CliRun.with(Map.of("ARCA_PASSWORD", CliRun.PASSWORD), new byte[0], Clock.systemUTC(), args);
    }

    private static JsonNode json(CliRun r) throws IOException {
        return new ObjectMapper().readTree(r.out());
    }

    private String backup(String... extra) throws IOException {
        String[] args = new String[4 + extra.length];
        args[0] = "backup";
        args[1] = "-r";
        args[2] = repo.toString();
        args[3] = "--json";
        System.arraycopy(extra, 0, args, 4, extra.length);
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = data.toString();
        CliRun r = arca(all);
        assertThat(r.exit()).as(r.err()).isZero();
        return json(r).get("snapshot").asText();
    }

    @Test
    void initRefusesAnExistingRepository() {
        CliRun r = arca("init", "-r", repo.toString());
        assertThat(r.exit()).isEqualTo(ExitCode.FAILURE);
        assertThat(r.err()).isEqualTo("arca: a repository already exists at '" + repo + "'; it is left untouched\n"
                + "HINT: use it as it is, or choose another location\n");
    }

    @Test
    void backupSnapshotsLsAndRestoreRoundTrip() throws IOException {
        CliRun b = arca("backup", "-r", repo.toString(), "--exclude", "*.tmp", "--tag", "daily", data.toString());
        assertThat(b.exit()).as(b.err()).isZero();
        assertThat(b.out()).containsPattern("snapshot [0-9a-f]{8} saved: 3 files \\(3\\.0\\d MiB\\), 0 unchanged");

        CliRun list = arca("snapshots", "-r", repo.toString());
        assertThat(list.out()).contains(data.toString()).contains("[daily]").endsWith("1 snapshot\n");

        CliRun ls = arca("ls", "-r", repo.toString(), "latest", data.resolve("config").toString());
        assertThat(ls.out()).contains(data.resolve("config") + "\n", data.resolve("config/app.yml").toString());
        assertThat(arca("ls", "-r", repo.toString(), "latest").out()).doesNotContain("scratch.tmp");

        Path target = tmp.resolve("restore");
        CliRun restore = arca("restore", "-r", repo.toString(), "latest", "--target", target.toString());
        assertThat(restore.exit()).as(restore.err()).isZero();
        Path back = target.resolve(data.toString().substring(1));
        assertThat(Files.readAllBytes(back.resolve("attachment.bin"))).isEqualTo(Files.readAllBytes(data.resolve("attachment.bin")));
        assertThat(Files.readString(back.resolve("notes.txt"))).isEqualTo(Files.readString(data.resolve("notes.txt")));
        assertThat(back.resolve("scratch.tmp")).doesNotExist();

        CliRun one = arca("restore", "-r", repo.toString(), "latest", "--target", "-", "--include",
                data.resolve("config/app.yml").toString());
        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(one.rawText()).isEqualTo("listen: 8080\n");
    }

    @Test
    void anExcludeFileAddsItsPatternsSkippingCommentsAndBlankLines() throws IOException {
        Path excludes = tmp.resolve("excludes.txt");
        Files.writeString(excludes, "# scratch files\n\n  *.tmp  \nconfig/\n");
        CliRun b = arca("backup", "-r", repo.toString(), "--exclude-file", excludes.toString(), "--exclude", "*.bin",
                data.toString());
        assertThat(b.exit()).as(b.err()).isZero();
        assertThat(arca("ls", "-r", repo.toString(), "latest").out()).contains("notes.txt")
                .doesNotContain("scratch.tmp").doesNotContain("config").doesNotContain("attachment.bin");
    }

    @Test
    void aBadExcludePatternIsReportedWhereItWasWrittenBeforeAnythingIsStored() throws IOException {
        Path excludes = tmp.resolve("excludes.txt");
        Files.writeString(excludes, "*.tmp\n# a comment\n  cache/[a  \n");
        String hint = "HINT: patterns are globs: *.tmp matches a name anywhere, /srv/cache/** a whole path, "
                + "cache/ directories only\n";

        CliRun fromFile = arca("backup", "-r", repo.toString(), "--exclude-file", excludes.toString(), data.toString());
        assertThat(fromFile.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(fromFile.err()).isEqualTo("arca: " + excludes + ":3: exclude pattern 'cache/[a' is not valid: "
                + "Missing ']' at character 8\n" + hint);

        CliRun given = arca("backup", "-r", repo.toString(), "--exclude", "", data.toString());
        assertThat(given.err()).isEqualTo("arca: --exclude: exclude pattern '' is not valid: it is empty\n" + hint);

        CliRun missing = arca("backup", "-r", repo.toString(), "--exclude-file", tmp.resolve("nope").toString(),
                data.toString());
        assertThat(missing.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).isEqualTo("arca: exclude file '" + tmp.resolve("nope") + "' does not exist\n"
                + "HINT: check the path given to --exclude-file\n");
        assertThat(arca("snapshots", "-r", repo.toString()).out()).endsWith("0 snapshots\n");
    }

    @Test
    void filesFromAddsTheListedPathsAndHostNamesTheSnapshotsMachine() throws IOException {
        Path list = tmp.resolve("paths.txt");
        Files.writeString(list, "# what the nightly job backs up\n\n  " + data.resolve("config") + "  \n"
                + data.resolve("notes.txt") + "\n");
        CliRun b = arca("backup", "-r", repo.toString(), "--json", "--host", "app-7", "--files-from", list.toString());
        assertThat(b.exit()).as(b.err()).isZero();
        JsonNode snapshot = json(arca("snapshots", "-r", repo.toString(), "--json")).get(0);
        assertThat(snapshot.get("host").asText()).isEqualTo("app-7");
        assertThat(snapshot.get("paths")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(data.resolve("config").toString(), data.resolve("notes.txt").toString());
        assertThat(arca("ls", "-r", repo.toString(), "latest").out()).contains("app.yml", "notes.txt")
                .doesNotContain("attachment.bin");

        CliRun again = arca("backup", "-r", repo.toString(), "--json", "--host", "app-7", "--files-from", list.toString());
        assertThat(json(again).get("parent").asText()).as("the parent is taken from app-7's snapshots")
                .isEqualTo(json(b).get("snapshot").asText());
        CliRun elsewhere = arca("backup", "-r", repo.toString(), "--json", "--host", "app-8", "--files-from", list.toString());
        assertThat(json(elsewhere).get("parent").isNull()).isTrue();
    }

    @Test
    void aMissingFileListOrAnEmptyHostIsAUsageError() {
        CliRun missing = arca("backup", "-r", repo.toString(), "--files-from", tmp.resolve("nope").toString());
        assertThat(missing.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).isEqualTo("arca: file list '" + tmp.resolve("nope") + "' does not exist\n"
                + "HINT: check the path given to --files-from\n");
        CliRun host = arca("backup", "-r", repo.toString(), "--host", " ", data.toString());
        assertThat(host.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(host.err()).isEqualTo("arca: --host: expected a host name, got ' '\n");
    }

    @Test
    void aDryRunCountsWhatWouldBeAddedAndStoresNothing() throws IOException {
        List<String> before = objects();
        CliRun dry = arca("backup", "-r", repo.toString(), "--dry-run", "--exclude", "*.tmp", data.toString());
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).matches("dry run, nothing stored: 3 files \\(3\\.0\\d MiB\\), 0 unchanged, \\d+ directories\n"
                + "would add 3\\.0\\d MiB of new data in \\d+ blobs \\(before compression\\) in \\d+\\.\\ds\n");
        assertThat(objects()).as("no pack, index, snapshot or lock is left").isEqualTo(before);

        String first = backup();
        Files.writeString(data.resolve("new.txt"), "new");
        JsonNode j = json(arca("backup", "-r", repo.toString(), "--json", "-n", data.toString()));
        assertThat(j.get("dry_run").asBoolean()).isTrue();
        assertThat(j.get("snapshot").isNull()).isTrue();
        assertThat(j.get("parent").asText()).isEqualTo(first);
        assertThat(j.get("summary").get("unchanged_files").asInt()).isEqualTo(4);
        assertThat(j.get("summary").get("new_blobs").asInt()).as("only new.txt's blob").isEqualTo(1);
        assertThat(json(arca("snapshots", "-r", repo.toString(), "--json"))).hasSize(1);

        CliRun plan = arca("backup", "--plan", tmp.resolve("arca.yaml").toString(), "--dry-run");
        assertThat(plan.err()).isEqualTo("arca: --dry-run works on PATH... and --stdin, not on --plan\n");
    }

    /** Every object in the repository, by kind and name. */
    private List<String> objects() throws IOException {
        try (var files = Files.walk(repo)) {
            return files.filter(Files::isRegularFile).map(p -> repo.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void snapshotsAndForgetAreFilteredByHostTagPathAndSource() throws IOException {
        assertThat(arca("backup", "-r", repo.toString(), "--host", "web-1", "--tag", "daily", data.toString()).exit()).isZero();
        assertThat(arca("backup", "-r", repo.toString(), "--host", "web-2", "--tag", "weekly",
                data.resolve("config").toString()).exit()).isZero();
        assertThat(arca("backup", "-r", repo.toString(), "--host", "web-2", "--source", "configs",
                data.resolve("config").toString()).exit()).isZero();

        assertThat(hosts("--host", "web-2")).containsExactly("web-2", "web-2");
        assertThat(hosts("--host", "web-1", "--host", "web-2")).hasSize(3);
        assertThat(hosts("--tag", "daily")).containsExactly("web-1");
        assertThat(hosts("--tag", "daily", "--tag", "weekly")).containsExactlyInAnyOrder("web-1", "web-2");
        assertThat(hosts("--path", data.resolve("config").toString(), "--source", "files")).containsExactly("web-2");
        assertThat(hosts("--host", "web-1", "--tag", "weekly")).isEmpty();
        assertThat(arca("snapshots", "-r", repo.toString(), "--host", "nobody").out()).endsWith("0 snapshots\n");

        // forget applies its policy to the filtered snapshots only. A second snapshot of web-2's files makes a
        // group with one to remove; a forget for web-1 must not touch it, and one for web-2 must.
        assertThat(arca("backup", "-r", repo.toString(), "--host", "web-2", data.resolve("config").toString()).exit())
                .isZero();
        CliRun web1 = arca("forget", "-r", repo.toString(), "--host", "web-1", "--keep-last", "1");
        assertThat(web1.exit()).as(web1.err()).isZero();
        assertThat(hosts()).hasSize(4);
        assertThat(arca("forget", "-r", repo.toString(), "--host", "web-2", "--keep-last", "1").exit()).isZero();
        assertThat(hosts()).containsExactlyInAnyOrder("web-1", "web-2", "web-2");
    }

    @Test
    void everyRepositoryCommandWritesJson() throws IOException {
        // CliRun holds each document to the object mapper's output; this runs the commands no other test
        // runs with --json, and checks that each prints a document at all.
        String first = backup();
        Files.writeString(data.resolve("notes.txt"), "ticket 2\n");
        String second = backup();
        Path target = tmp.resolve("restored");
        Path other = tmp.resolve("other");
        String[][] commands = {
                {"init", "-r", other.toString(), "--json"},
                {"ls", "-r", repo.toString(), "--json", "latest", data.resolve("config").toString()},
                {"diff", "-r", repo.toString(), "--json", first.substring(0, 8), second.substring(0, 8)},
                {"restore", "-r", repo.toString(), "--json", "latest", "--target", target.toString()},
                {"forget", "-r", repo.toString(), "--json", "--keep-last", "1", "--dry-run"},
                {"forget", "-r", repo.toString(), "--json", "--keep-last", "1"},
                {"prune", "-r", repo.toString(), "--json"},
                {"key", "list", "-r", repo.toString(), "--json"},
                {"unlock", "-r", repo.toString(), "--json"},
                {"stats", "-r", repo.toString(), "--json"},
                {"check", "-r", repo.toString(), "--json", "--read-data"},
                {"snapshots", "-r", repo.toString(), "--json"},
        };
        for (String[] command : commands) {
            CliRun r = arca(command);
            assertThat(r.exit()).as(String.join(" ", command) + ": " + r.err()).isZero();
            assertThat(json(r).isContainerNode()).as(String.join(" ", command)).isTrue();
        }
    }

    @Test
    void anIncludePathTheSnapshotLacksIsNamedWithWhereToLook() throws IOException {
        String id = backup().substring(0, 8);
        String missing = data.resolve("nothere").toString();
        CliRun r = arca("restore", "-r", repo.toString(), "latest", "--target", tmp.resolve("out").toString(),
                "--include", missing);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("arca: " + missing + ": not in snapshot " + id + "\n"
                + "HINT: 'arca ls -r REPO " + id + "' lists the paths it holds; --include takes them as listed there\n");
        CliRun toStdout = arca("restore", "-r", repo.toString(), "latest", "--target", "-", "--include", missing);
        assertThat(toStdout.exit()).isEqualTo(1);
        assertThat(toStdout.err()).startsWith("arca: " + missing + ": not in snapshot " + id).contains("HINT: 'arca ls");
    }

    @Test
    void aBadRetentionOptionIsNamedWithItsValue() {
        CliRun daily = arca("forget", "-r", repo.toString(), "--keep-last", "2", "--keep-daily", "-3");
        assertThat(daily.exit()).isEqualTo(2);
        assertThat(daily.err()).isEqualTo("arca: --keep-daily: expected a whole number >= 0, got '-3'\n"
                + "HINT: 0 keeps none by this rule; leave the option out for the same effect\n");
        CliRun within = arca("forget", "-r", repo.toString(), "--keep-within", "3x");
        assertThat(within.exit()).isEqualTo(2);
        assertThat(within.err()).isEqualTo("arca: --keep-within: expected a duration such as 7d or 12h, got '3x'\n");
    }

    /** The hosts of the snapshots listed with these filters (CliRun's clock stands still, so their order is the ids'). */
    private List<String> hosts(String... filters) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("snapshots", "-r", repo.toString(), "--json"));
        args.addAll(List.of(filters));
        List<String> hosts = new java.util.ArrayList<>();
        json(arca(args.toArray(String[]::new))).forEach(s -> hosts.add(s.get("host").asText()));
        return hosts;
    }

    @Test
    void extendedAttributesAreRestoredAndDiffShowsAChangeOfThem() throws IOException {
        UserDefinedFileAttributeView notes = Files.getFileAttributeView(data.resolve("notes.txt"),
                UserDefinedFileAttributeView.class);
        notes.write("ticket.state", StandardCharsets.UTF_8.encode("open"));
        String first = backup();
        notes.write("ticket.state", StandardCharsets.UTF_8.encode("closed"));
        String second = backup();
        Path target = tmp.resolve("restored");

        CliRun restore = arca("restore", "-r", repo.toString(), first.substring(0, 8), "--target", target.toString());
        assertThat(restore.exit()).as(restore.err()).isZero();
        assertThat(restore.err()).isEmpty();
        UserDefinedFileAttributeView restored = Files.getFileAttributeView(
                target.resolve(data.toString().substring(1)).resolve("notes.txt"), UserDefinedFileAttributeView.class);
        java.nio.ByteBuffer value = java.nio.ByteBuffer.allocate(restored.size("ticket.state"));
        restored.read("ticket.state", value);
        assertThat(new String(value.array(), StandardCharsets.UTF_8)).isEqualTo("open");
        assertThat(arca("diff", "-r", repo.toString(), first.substring(0, 8), second.substring(0, 8)).out())
                .isEqualTo("M " + data.resolve("notes.txt") + "\n0 added, 0 removed, 1 modified\n");
    }

    @Test
    void secondBackupReusesTheParentAndDiffShowsTheChange() throws IOException {
        String first = backup();
        Files.writeString(data.resolve("notes.txt"), "ticket 2\n");
        Files.writeString(data.resolve("new.txt"), "new");
        Files.delete(data.resolve("scratch.tmp"));
        CliRun b = arca("backup", "-r", repo.toString(), "--json", data.toString());
        JsonNode j = json(b);
        assertThat(j.get("parent").asText()).isEqualTo(first);
        assertThat(j.get("summary").get("unchanged_files").asInt()).isEqualTo(2);
        String second = j.get("snapshot").asText();
        CliRun diff = arca("diff", "-r", repo.toString(), first.substring(0, 8), second.substring(0, 8));
        assertThat(diff.out()).isEqualTo("+ " + data.resolve("new.txt") + "\nM " + data.resolve("notes.txt") + "\n- "
                + data.resolve("scratch.tmp") + "\n1 added, 1 removed, 1 modified\n");
        JsonNode stats = json(arca("stats", "-r", repo.toString(), "--json"));
        assertThat(stats.get("snapshots").asInt()).isEqualTo(2);
        assertThat(stats.get("index_bytes_per_blob").asDouble()).isLessThanOrEqualTo(40 + 32);
    }

    @Test
    void stdinBackupRestoresToStdout() {
        byte[] dump = "INSERT INTO tickets VALUES (1);\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        CliRun b = CliRun.with(Map.of("ARCA_PASSWORD", CliRun.PASSWORD), dump, CliRun.CLOCK, "backup", "-r", repo.toString(),
                "--stdin", "--stdin-filename", "dump.sql");
        assertThat(b.exit()).as(b.err()).isZero();
        CliRun out = arca("restore", "-r", repo.toString(), "latest", "--target", "-", "--include", "/dump.sql");
        assertThat(out.rawOut()).isEqualTo(dump);
    }

    @Test
    void checkFindsNothingWrongAndReadsAllData() {
        backup0();
        CliRun c = arca("check", "-r", repo.toString(), "--read-data");
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).contains("read 1 packs").endsWith("no errors were found\n");
        assertThat(arca("check", "-r", repo.toString(), "--read-data-subset", "1/2").exit()).isZero();
        CliRun bad = arca("check", "-r", repo.toString(), "--read-data-subset", "lots");
        assertThat(bad.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err()).startsWith("arca: read-data subset 'lots': expected 'all', n/m (such as 1/7) or a percentage");
    }

    private void backup0() {
        try {
            backup();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void forgetKeepsByPolicyAndPruneFreesSpace() throws IOException {
        Map<String, String> env = new HashMap<>(Map.of("ARCA_PASSWORD", CliRun.PASSWORD));
        for (int day = 1; day <= 3; day++) {
            Files.writeString(data.resolve("notes.txt"), "day " + day + "\n".repeat(day * 1000));
            byte[] fresh = new byte[1 << 20];
            new Random(day).nextBytes(fresh);
            Files.write(data.resolve("daily.bin"), fresh);
            Clock clock = Clock.fixed(Instant.parse("2026-11-2" + day + "T02:00:00Z"), ZoneOffset.UTC);
            CliRun b = CliRun.with(env, new byte[0], clock, "backup", "-r", repo.toString(), data.toString());
            assertThat(b.exit()).as(b.err()).isZero();
        }
        CliRun dry = arca("forget", "-r", repo.toString(), "--keep-last", "1", "--dry-run");
        assertThat(dry.out()).contains("would remove 2 snapshot(s), kept 1");
        assertThat(json(arca("stats", "-r", repo.toString(), "--json")).get("snapshots").asInt()).isEqualTo(3);
        CliRun forget = arca("forget", "-r", repo.toString(), "--keep-last", "1", "--prune");
        assertThat(forget.exit()).as(forget.err()).isZero();
        assertThat(forget.out()).contains("removed 2 snapshot(s), kept 1").containsPattern("freed [0-9.]+ [KM]iB");
        assertThat(arca("check", "-r", repo.toString(), "--read-data").exit()).isZero();
        Path target = tmp.resolve("r");
        assertThat(arca("restore", "-r", repo.toString(), "latest", "--target", target.toString()).exit()).isZero();
        assertThat(Files.readAllBytes(target.resolve(data.toString().substring(1)).resolve("daily.bin")))
                .isEqualTo(Files.readAllBytes(data.resolve("daily.bin")));
        CliRun none = arca("forget", "-r", repo.toString());
        assertThat(none.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(none.err()).isEqualTo("arca: no retention rule given, so nothing would be removed\n"
                + "HINT: pass --keep-last/--keep-daily/... or --plan FILE with a retention section\n");
    }

    @Test
    void forgetAppliesThePlansRetention() throws IOException {
        backup();
        Path plan = tmp.resolve("arca.yaml");
        Files.writeString(plan, "version: 1\ntiers:\n  t: {rto: 1h, rpo: 1h, priority: 1}\nretention: {last: 5}\n");
        CliRun r = arca("forget", "-r", repo.toString(), "--plan", plan.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("(last snapshot)").endsWith("removed 0 snapshot(s), kept 1\n");
    }

    @Test
    void documentedExitCodes() throws IOException {
        CliRun missing = arca("snapshots", "-r", tmp.resolve("nowhere").toString());
        assertThat(missing.exit()).isEqualTo(ExitCode.NO_REPOSITORY);
        assertThat(missing.err()).startsWith("arca: ");

        CliRun wrong = CliRun.with(Map.of("ARCA_PASSWORD", "nope"), new byte[0], CliRun.CLOCK, "snapshots", "-r", repo.toString());
        assertThat(wrong.exit()).isEqualTo(ExitCode.WRONG_PASSWORD);
        assertThat(wrong.err()).isEqualTo("arca: wrong password or no key slot matches (tried 1 key slots)\n"
                + "HINT: check ARCA_PASSWORD or --password-file; 'arca key list' shows the key slots\n");

        CliRun noPassword = CliRun.with(Map.of(), new byte[0], CliRun.CLOCK, "snapshots", "-r", repo.toString());
        assertThat(noPassword.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(noPassword.err()).isEqualTo("arca: no password given\nHINT: set ARCA_PASSWORD or pass --password-file FILE\n");

        CliRun noRepo = CliRun.with(Map.of("ARCA_PASSWORD", "x"), new byte[0], CliRun.CLOCK, "snapshots");
        assertThat(noRepo.exit()).isEqualTo(ExitCode.USAGE);

        CliRun nothing = arca("backup", "-r", repo.toString(), tmp.resolve("absent").toString());
        assertThat(nothing.exit()).isEqualTo(ExitCode.FAILURE);
        assertThat(nothing.err()).startsWith("arca: " + tmp.resolve("absent") + ": does not exist; nothing to back up");
    }

    @Test
    void aRepositoryOfTheFirstFormatVersionIsRefusedAsSuchNotAsDamage() throws Exception {
        var config = dev.arca.storage.ObjectKey.of(dev.arca.storage.ObjectKind.CONFIG, "config");
        try (var storage = dev.arca.storage.local.LocalStorage.open(repo, false);
             var r = dev.arca.repository.Repository.open(storage, CliRun.PASSWORD.toCharArray(), Clock.systemUTC())) {
            var c = r.config();
            String json = "{\"version\":1,\"id\":\"" + c.id() + "\",\"chunks\":{\"minimum\":" + c.chunks().minimum()
                    + ",\"average\":" + c.chunks().average() + ",\"maximum\":" + c.chunks().maximum()
                    + "},\"compressionLevel\":" + c.compressionLevel() + ",\"packSize\":" + c.packSize() + "}";
            storage.remove(config);
            r.objects().saveNamed(config, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        CliRun old = arca("snapshots", "-r", repo.toString());

        assertThat(old.exit()).isEqualTo(ExitCode.FAILURE);
        assertThat(old.err()).isEqualTo("arca: " + repo + ": repository format version 1 is not supported; this Arca reads"
                + " version 2 (version 1 came from development builds before 2026-11-27, whose blobs are not bound to their"
                + " ids; back up into a new repository made by 'arca init')\n");
    }

    @Test
    void aLockedRepositoryExitsWithElevenAndUnlockRemovesStaleLocks() throws Exception {
        backup();
        Path locks = repo.resolve("locks");
        try (var r = dev.arca.repository.Repository.open(dev.arca.storage.local.LocalStorage.open(repo, false),
                CliRun.PASSWORD.toCharArray(), Clock.systemUTC())) {
            // A prune of a process that died long ago on another host: its lock was last refreshed an hour back.
            var old = new dev.arca.repository.lock.LockStore(r.objects(),
                    Clock.fixed(Instant.now().minusSeconds(3600), ZoneOffset.UTC), "gone-host", "ops");
            old.acquire(true, "prune", java.time.Duration.ZERO);
            var live = new dev.arca.repository.lock.LockStore(r.objects(), Clock.systemUTC(), "busy-host", "ops");
            var held = live.acquire(true, "prune", java.time.Duration.ZERO);
            CliRun locked = now("backup", "-r", repo.toString(), data.toString());
            assertThat(locked.exit()).isEqualTo(ExitCode.LOCKED);
            assertThat(locked.err()).startsWith("arca: repository is locked by exclusive lock for 'prune' by ops@busy-host")
                    .contains("HINT: wait for it to finish, pass --lock-wait DURATION, or if that process is gone run 'arca unlock -r REPO'");
            held.close();
        }
        assertThat(Files.list(locks).count()).isEqualTo(1);
        CliRun unlock = now("unlock", "-r", repo.toString());
        assertThat(unlock.out()).contains("removed exclusive lock for 'prune' by ops@gone-host").endsWith("1 lock(s) removed\n");
        assertThat(arca("backup", "-r", repo.toString(), data.toString()).exit()).isZero();
    }

    @Test
    void keysCanBeAddedChangedAndRemoved() throws IOException {
        Map<String, String> env = Map.of("ARCA_PASSWORD", CliRun.PASSWORD, "ARCA_NEW_PASSWORD", "second password");
        CliRun add = CliRun.with(env, new byte[0], CliRun.CLOCK, "key", "add", "-r", repo.toString());
        assertThat(add.exit()).as(add.err()).isZero();
        String added = add.out().strip().substring("added key ".length());
        CliRun list = arca("key", "list", "-r", repo.toString());
        assertThat(list.out().lines().filter(l -> l.startsWith("*"))).hasSize(1);
        assertThat(list.out()).contains(added);
        CliRun asSecond = CliRun.with(Map.of("ARCA_PASSWORD", "second password"), new byte[0], CliRun.CLOCK, "snapshots", "-r", repo.toString());
        assertThat(asSecond.exit()).isZero();
        CliRun self = CliRun.with(Map.of("ARCA_PASSWORD", "second password"), new byte[0], CliRun.CLOCK, "key", "remove", "-r",
                repo.toString(), added);
        assertThat(self.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(self.err()).startsWith("arca: key slot " + added + " is the one you unlocked with");
        CliRun remove = arca("key", "remove", "-r", repo.toString(), added.substring(0, 8));
        assertThat(remove.out()).isEqualTo("removed key " + added + "\n");
        CliRun passwd = CliRun.with(Map.of("ARCA_PASSWORD", CliRun.PASSWORD, "ARCA_NEW_PASSWORD", "third"), new byte[0],
                CliRun.CLOCK, "key", "passwd", "-r", repo.toString());
        assertThat(passwd.exit()).as(passwd.err()).isZero();
        assertThat(arca("snapshots", "-r", repo.toString()).exit()).isEqualTo(ExitCode.WRONG_PASSWORD);
        assertThat(CliRun.with(Map.of("ARCA_PASSWORD", "third"), new byte[0], CliRun.CLOCK, "snapshots", "-r", repo.toString()).exit())
                .isZero();
    }
}
