package dev.arca.repository.prune;

import java.io.IOException;
import java.util.List;

/** Prune refused to delete anything because the repository is damaged. */
public final class DamagedRepositoryException extends IOException {
    private static final int SHOWN = 5;
    private final transient List<String> problems;

    public DamagedRepositoryException(List<String> problems) {
        super("prune deleted nothing: the repository is damaged, and deleting data now could lose more ('arca check' "
                + "tells what is affected): " + summary(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, as check would word it. */
    public List<String> problems() {
        return problems;
    }

    private static String summary(List<String> problems) {
        String shown = String.join("; ", problems.subList(0, Math.min(SHOWN, problems.size())));
        return problems.size() <= SHOWN ? shown : shown + "; and " + (problems.size() - SHOWN) + " more";
    }
}
