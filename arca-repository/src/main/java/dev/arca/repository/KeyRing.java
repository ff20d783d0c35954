package dev.arca.repository;

import dev.arca.repository.crypto.KeySlot;
import dev.arca.repository.crypto.KeySlotFormatException;
import dev.arca.repository.crypto.MasterKey;
import dev.arca.repository.crypto.ScryptParams;
import dev.arca.repository.crypto.WrongPasswordException;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.ObjectNotFoundException;
import dev.arca.storage.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The key slots of a repository: each wraps the one master key under a password, so passwords can
 * be added, changed and removed without re-encrypting any data.
 */
public final class KeyRing {
    private final Storage storage;

    KeyRing(Storage storage) {
        this.storage = storage;
    }

    public List<KeySlot> list() throws IOException {
        List<KeySlot> out = new ArrayList<>();
        for (var info : storage.list(ObjectKind.KEYS)) {
            try {
                out.add(KeySlot.fromJson(storage.load(info.key())));
            } catch (ObjectNotFoundException e) {
                // Removed while listing.
            } catch (KeySlotFormatException e) {
                throw new CorruptObjectException(storage.location() + ": key slot " + info.key().name() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    MasterKey unlock(char[] password) throws IOException, WrongPasswordException {
        return KeySlot.unlockAny(list(), password);
    }

    /** Adds a slot for another password; returns it. */
    public KeySlot add(MasterKey key, char[] password, ScryptParams kdf, String host, String user) throws IOException {
        KeySlot slot = KeySlot.create(key, password, kdf, host, user);
        storage.save(ObjectKey.of(ObjectKind.KEYS, slot.id()), slot.toJson());
        return slot;
    }

    /**
     * Removes a slot by id or unique id prefix. The last slot, and the slot that opened this session,
     * cannot be removed: either would lock everyone out of the data.
     */
    public KeySlot remove(String idOrPrefix, String currentSlotId) throws IOException {
        List<KeySlot> slots = list();
        List<KeySlot> matches = slots.stream().filter(s -> s.id().startsWith(idOrPrefix)).toList();
        if (matches.size() != 1) {
            throw new IllegalArgumentException(matches.isEmpty() ? "no key slot with id '" + idOrPrefix + "'; 'arca key list' shows them"
                    : "key id '" + idOrPrefix + "' matches " + matches.size() + " slots; give more digits");
        }
        KeySlot victim = matches.get(0);
        if (victim.id().equals(currentSlotId)) {
            throw new IllegalArgumentException("key slot " + victim.id() + " is the one you unlocked with; "
                    + "remove it with another password, or use 'arca key passwd' to change it");
        }
        if (slots.size() == 1) {
            throw new IllegalArgumentException("key slot " + victim.id() + " is the last one; removing it would lock everyone out");
        }
        storage.remove(ObjectKey.of(ObjectKind.KEYS, victim.id()));
        return victim;
    }
}
