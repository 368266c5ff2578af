package fr.caducee.records.deposit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import fr.caducee.records.DocumentAction;
import fr.caducee.records.DocumentDeposit;
import fr.caducee.records.DocumentStatus;
import fr.caducee.records.RecordLookup;
import fr.caducee.records.StoredVersion;

/** The record's versions in memory, kept as the store keeps them, so that deposits can follow one another. */
final class StoredVersions implements RecordLookup {
    private final Map<String, StoredVersion> byUniqueId = new LinkedHashMap<>();

    /** Applies an accepted document as the store does: new, replacement (superseding), withdrawal, or a repeat. */
    void apply(DocumentDeposit document, String depositedBy) {
        if (document.action() == DocumentAction.DELETE) {
            StoredVersion withdrawn = byUniqueId.get(document.replaces().orElseThrow());
            byUniqueId.put(withdrawn.uniqueId(), with(withdrawn, DocumentStatus.DELETED));
            return;
        }
        if (byUniqueId.containsKey(document.uniqueId())) {
            return;
        }
        document.replaces().ifPresent(replaced -> byUniqueId.put(replaced,
            with(byUniqueId.get(replaced), DocumentStatus.SUPERSEDED)));
        byUniqueId.put(document.uniqueId(), new StoredVersion(UUID.randomUUID(), document.uniqueId(), document.setId(),
            document.version(), document.patientIns(), document.authorIdNat(), depositedBy, DocumentStatus.CURRENT));
    }

    @Override
    public Optional<StoredVersion> byUniqueId(String uniqueId) {
        return Optional.ofNullable(byUniqueId.get(uniqueId));
    }

    @Override
    public Optional<StoredVersion> currentOfSet(String setId) {
        return byUniqueId.values().stream()
            .filter(v -> v.setId().equals(setId) && v.status() == DocumentStatus.CURRENT).findFirst();
    }

    private static StoredVersion with(StoredVersion version, DocumentStatus status) {
        return new StoredVersion(version.id(), version.uniqueId(), version.setId(), version.version(),
            version.patientIns(), version.authorIdNat(), version.depositedBy(), status);
    }
}
