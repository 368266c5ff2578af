package fr.caducee.identity.annuaire;

import java.util.Optional;

/** What the national directory should hold of a box, from the directory as it is now. */
public sealed interface Wanted {

    /** An active box: published, liste rouge or not. */
    record Present(PublishedBox box) implements Wanted {
    }

    /**
     * No box to publish: removed from the directory, suspended, or never one of ours. {@code carrier} is where it
     * would be carried when the directory still has it (a suspended box), to remove it from there when nothing else
     * says where it is.
     */
    record Absent(Optional<Carrier> carrier) implements Wanted {
    }
}
