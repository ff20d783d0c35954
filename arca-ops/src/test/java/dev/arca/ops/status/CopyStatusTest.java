package dev.arca.ops.status;

import dev.arca.plan.Plan;
import dev.arca.plan.parse.PlanParser;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CopyStatusTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final Plan PLAN = PlanParser.parse("arca.yaml", String.join("\n",
            "version: 1",
            "tiers:",
            "  gold: {rto: 15m, rpo: 5m, priority: 1}",
            "repositories:",
            "  nas: {url: /backup/arca, site: primary, media: disk}",
            "  dr: {url: 'sftp://backup@dr/srv/arca', site: dr, media: disk}",
            "  cloud: {url: 's3://b/arca', site: cloud, media: object, immutable-days: 30}",
            "systems:",
            "  ticketing:",
            "    tier: gold",
            "    sources:",
            "      db: {type: postgres, host: db1}",
            "      uploads: {type: files, paths: [/srv/uploads]}",
            "")).orThrow();

    private static RepositoryObservation fresh(String repo, int checkErrors) {
        return new RepositoryObservation(repo, Optional.empty(),
                Map.of("ticketing/db", NOW.minusSeconds(2), "ticketing/uploads", NOW.minusSeconds(120)),
                Optional.of(new CheckRecord(NOW.minusSeconds(3600), checkErrors, true)));
    }

    @Test
    void threeFreshCheckedCopiesOnTwoMediaWithOneOffSiteAndImmutablePass() {
        SystemStatus s = CopyStatus.of(PLAN, Map.of("nas", fresh("nas", 0), "dr", fresh("dr", 0), "cloud", fresh("cloud", 0)),
                NOW).getFirst();

        assertThat(s.passes()).isTrue();
        assertThat(s.copies()).isEqualTo(4);
        assertThat(s.media()).isEqualTo(2);
        assertThat(s.offSite()).isEqualTo(2);
        assertThat(s.immutable()).isEqualTo(1);
        assertThat(s.holders()).containsExactly("nas", "dr", "cloud");
    }

    @Test
    void aStaleCopyStopsCountingAndTheVerdictSaysWhy() {
        RepositoryObservation staleCloud = new RepositoryObservation("cloud", Optional.empty(),
                Map.of("ticketing/db", NOW.minusSeconds(7200), "ticketing/uploads", NOW.minusSeconds(60)), Optional.empty());
        SystemStatus s = CopyStatus.of(PLAN, Map.of("nas", fresh("nas", 0), "dr", RepositoryObservation.unreachable("dr",
                "connection refused"), "cloud", staleCloud), NOW).getFirst();

        assertThat(s.passes()).isFalse();
        assertThat(s.copies()).isEqualTo(2);
        assertThat(s.reasons()).containsExactly("2 copies counting production, 3 needed", "1 backup medium, 2 needed",
                "no off-site copy", "no immutable copy");
        assertThat(s.repositories()).extracting(SystemStatus.Copy::detail).containsExactly(
                "fresh (checked 2026-11-26T11:00:00Z, no errors)",
                "unreachable: connection refused",
                "ticketing/db is 2h old, over the RPO of 5m");
    }

    @Test
    void errorsInTheLastCheckFailTheZero() {
        SystemStatus s = CopyStatus.of(PLAN, Map.of("nas", fresh("nas", 0), "dr", fresh("dr", 2), "cloud", fresh("cloud", 0)),
                NOW).getFirst();

        assertThat(s.errors()).isEqualTo(2);
        assertThat(s.reasons()).containsExactly("dr: 2 error(s) in the last check at 2026-11-26T11:00:00Z");
    }

    @Test
    void aMissingSourceMeansTheRepositoryHoldsNoCopy() {
        RepositoryObservation partial = new RepositoryObservation("nas", Optional.empty(),
                Map.of("ticketing/uploads", NOW), Optional.empty());
        SystemStatus s = CopyStatus.of(PLAN, Map.of("nas", partial), NOW).getFirst();

        assertThat(s.repositories()).extracting(SystemStatus.Copy::detail)
                .containsExactly("no recovery point of ticketing/db", "not examined", "not examined");
        assertThat(List.of(s.copies())).containsExactly(1);
    }
}
