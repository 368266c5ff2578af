package fr.caducee.records;

import java.util.Optional;

/** The versions already in the records, as the deposit checks ask for them; the server answers from its database. */
public interface RecordLookup {
    Optional<StoredVersion> byUniqueId(String uniqueId);

    /** The current version of a set, if the set exists and was not deleted. */
    Optional<StoredVersion> currentOfSet(String setId);
}
