package dev.arca.repository.snapshot;

import dev.arca.repository.SealedObjects;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reads and writes snapshot documents. */
public final class SnapshotStore {
    private final SealedObjects objects;

    public SnapshotStore(SealedObjects objects) {
        this.objects = objects;
    }

    /** Stores a snapshot; returns it with its id. */
    public Snapshot save(Snapshot s) throws IOException {
        String id = objects.saveNamedByContent(ObjectKind.SNAPSHOTS, SnapshotJson.write(s));
        return s.withId(id);
    }

    public Snapshot load(String id) throws IOException {
        byte[] json = objects.load(ObjectKey.of(ObjectKind.SNAPSHOTS, id));
        return SnapshotJson.read(json, "snapshot " + id).withId(id);
    }

    /** Every snapshot, oldest first. */
    public List<Snapshot> list() throws IOException {
        List<Snapshot> out = new ArrayList<>();
        for (String name : objects.names(ObjectKind.SNAPSHOTS)) {
            out.add(load(name));
        }
        out.sort(Comparator.comparing(Snapshot::time).thenComparing(Snapshot::id));
        return out;
    }

    /**
     * Finds a snapshot by full id, unique id prefix (at least 4 hex digits), or {@code latest}
     * (the newest of those matching {@code source}, if given).
     *
     * @throws SnapshotNotFoundException naming what was asked and what exists
     */
    public Snapshot find(String ref, String source) throws IOException {
        List<Snapshot> all = list();
        if (source != null) {
            all = all.stream().filter(s -> source.equals(s.source())).toList();
        }
        if (ref.equals("latest")) {
            if (all.isEmpty()) {
                throw new SnapshotNotFoundException("no snapshot" + (source == null ? "" : " of source '" + source + "'")
                        + " in the repository yet");
            }
            return all.get(all.size() - 1);
        }
        if (ref.length() < 4 || !ref.matches("[0-9a-f]+")) {
            throw new SnapshotNotFoundException("snapshot '" + ref + "': expected 'latest' or at least 4 hex digits of an id");
        }
        List<Snapshot> matches = all.stream().filter(s -> s.id().startsWith(ref)).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            throw new SnapshotNotFoundException("no snapshot with id '" + ref + "'; 'arca snapshots' lists them");
        }
        throw new SnapshotNotFoundException("snapshot id '" + ref + "' is ambiguous: it starts "
                + matches.size() + " ids; give more digits");
    }

    /** Removes a snapshot document (its data stays until prune). */
    public void remove(String id) throws IOException {
        objects.storage().remove(ObjectKey.of(ObjectKind.SNAPSHOTS, id));
    }
}
