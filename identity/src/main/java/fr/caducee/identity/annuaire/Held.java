package fr.caducee.identity.annuaire;

import java.util.Objects;
import java.util.Optional;

/**
 * What the national directory holds of one of our boxes, as far as its answers tell: nothing, this entry at this
 * carrier, or something we cannot know. The publication queue keeps it with each box, so that the next request is
 * chosen from it ({@link NextPatch}) rather than from the last change alone.
 *
 * @param carrier where the box is or may be; empty: nowhere we know of
 * @param entry   the ContactPoint it holds (JSON, as {@link BoxPatch#entry()}); empty when unknown or nothing
 * @param certain false when an answer was lost, or for a first publication: the box may or may not be there
 */
public record Held(Optional<Carrier> carrier, Optional<String> entry, boolean certain) {
    /** The Annuaire holds nothing of the box: what a box created here starts from. */
    public static final Held NOTHING = new Held(Optional.empty(), Optional.empty(), true);
    /** Nothing is known: the first publication of a box that may have been published before. */
    public static final Held UNKNOWN = new Held(Optional.empty(), Optional.empty(), false);

    public Held {
        Objects.requireNonNull(carrier, "carrier");
        Objects.requireNonNull(entry, "entry");
        if (carrier.isEmpty() && entry.isPresent()) {
            throw new IllegalArgumentException("an entry is held by a carrier");
        }
    }

    public static Held holding(Carrier carrier, String entry) {
        return new Held(Optional.of(carrier), Optional.of(entry), true);
    }

    /** Whether the box is there and as we last sent it is no longer known: the next request works either way. */
    public Held doubted() {
        return new Held(carrier, Optional.empty(), false);
    }

    /** What is held once the API answered (or did not answer) {@code patch}. */
    public Held after(BoxPatch patch, PatchAnswer answer) {
        if (answer instanceof PatchAnswer.Refused) {
            return this;
        }
        boolean taken = answer instanceof PatchAnswer.Published;
        return switch (patch.operation()) {
            case INSERT, REINSERT -> taken ? holding(patch.carrier(), patch.entry().orElseThrow())
                : new Held(Optional.of(patch.carrier()), Optional.empty(), false);
            // A replace finds the box, taken or not; only its content is in doubt.
            case REPLACE -> taken ? holding(patch.carrier(), patch.entry().orElseThrow())
                : new Held(Optional.of(patch.carrier()), Optional.empty(), true);
            case DELETE -> taken ? NOTHING : new Held(Optional.of(patch.carrier()), Optional.empty(), false);
        };
    }
}
