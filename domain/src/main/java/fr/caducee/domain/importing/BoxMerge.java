package fr.caducee.domain.importing;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.InvalidModelException;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;

/**
 * The box an extract line asks for, given the box the directory already has at that address.
 *
 * <p>The extract says the type, the holder, the structure and the service, and that the box is published (so not on
 * the liste rouge). It says nothing of what this operator manages locally, which an existing box therefore keeps:
 * its creation date, its status (a box suspended here stays suspended: the national file lags by a day and must
 * not undo a suspension), the responsible and members of an ORG box, the software reference of an APP box.
 *
 * <p>A new ORG box needs a responsible professional and the extract has no such column: a real operator gives it
 * the professional named on the same line when there is one, otherwise the default responsible configured for the
 * import (the structure's referent, to be replaced by the real one through the administration API); with neither,
 * the line is rejected rather than creating a box nobody answers for.
 */
final class BoxMerge {

    private BoxMerge() {
    }

    static Box merge(MappedLine line, Optional<Box> existing, Optional<IdNat> defaultResponsible, Instant now)
            throws RejectedLineException {
        Optional<IdNat> named = line.professional().map(Professional::idNat);
        Optional<IdNat> holder = line.type().ownedByProfessional() ? named : Optional.empty();
        try {
            if (existing.isPresent()) {
                return update(line, existing.get(), holder);
            }
            Optional<IdNat> responsible = Optional.empty();
            if (line.type() == BoxType.ORG) {
                responsible = named.or(() -> defaultResponsible);
                if (responsible.isEmpty()) {
                    throw rejected(line, "ORG box " + line.address() + " has no responsible professional: "
                            + ExtractMapping.PP_NATIONAL + " is empty and the import has no default ORG responsible");
                }
            }
            return new Box(line.address(), line.type(), holder, line.structure().map(Structure::id), responsible,
                    Set.of(), false, BoxStatus.ACTIVE, now, line.service(), "");
        } catch (InvalidModelException e) {
            throw rejected(line, e.getMessage());
        }
    }

    private static Box update(MappedLine line, Box box, Optional<IdNat> holder) throws RejectedLineException {
        if (box.type() != line.type()) {
            throw rejected(line, ExtractMapping.BOX_TYPE + " '" + line.type() + "' differs from the type " + box.type()
                    + " of the existing box " + box.address() + ", and a box's type never changes");
        }
        if (!box.professional().equals(holder)) {
            throw rejected(line, ExtractMapping.PP_NATIONAL + " '" + holder.map(IdNat::value).orElse("")
                    + "' is not the holder " + box.professional().map(IdNat::value).orElse("")
                    + " of the existing box " + box.address() + ", and a box's holder never changes");
        }
        return new Box(box.address(), box.type(), holder, line.structure().map(Structure::id), box.responsible(),
                box.members(), false, box.status(), box.created(), line.service(), box.softwareRef());
    }

    private static RejectedLineException rejected(MappedLine line, String problem) {
        return new RejectedLineException("line " + line.lineNumber() + ": " + problem);
    }
}
