package fr.caducee.identity.annuaire;

import java.util.Optional;

import fr.caducee.domain.model.BoxAddress;

/**
 * The one request that brings the national directory closer to what it should hold of a box, or none when it holds
 * it already. A box changes carrier when a PER box is attached to a structure or detached from it: it is removed
 * from the old one first, then put on the new one at the next step.
 *
 * <pre>
 * wanted \ held       nothing      unknown           at C (certain)                 at C (uncertain)
 * present on C        insert       delete+insert     nothing if same, else replace  delete+insert
 * present on D != C   insert       delete+insert     delete from C                  delete from C
 * absent              nothing      delete where the  delete from C                  delete from C
 *                                  directory says
 * </pre>
 * A box created and removed before anything was sent sends nothing: the Annuaire never knew it.
 */
public final class NextPatch {

    private NextPatch() {
    }

    public static Optional<BoxPatch> next(BoxAddress box, Wanted wanted, Held held) {
        if (wanted instanceof Wanted.Present present) {
            PublishedBox published = present.box();
            if (held.carrier().isEmpty()) {
                return Optional.of(held.certain() ? BoxPatch.insert(published) : BoxPatch.reinsert(published));
            }
            Carrier at = held.carrier().get();
            if (!at.equals(published.carrier())) {
                return Optional.of(BoxPatch.delete(at, box));
            }
            if (!held.certain()) {
                return Optional.of(BoxPatch.reinsert(published));
            }
            return held.entry().equals(Optional.of(BoxPatch.entryOf(published))) ? Optional.empty()
                : Optional.of(BoxPatch.replace(published));
        }
        Wanted.Absent absent = (Wanted.Absent) wanted;
        if (held.carrier().isPresent()) {
            return Optional.of(BoxPatch.delete(held.carrier().get(), box));
        }
        return held.certain() ? Optional.empty() : absent.carrier().map(carrier -> BoxPatch.delete(carrier, box));
    }
}
