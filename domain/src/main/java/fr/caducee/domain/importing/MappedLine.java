package fr.caducee.domain.importing;

import java.util.Objects;
import java.util.Optional;

import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;

/**
 * The records one valid extract line describes. The box itself is completed against the directory when applied
 * ({@link BoxMerge}): what the extract does not carry (creation date, responsible, members, status) comes from the
 * existing box or from the import's settings.
 *
 * @param lineNumber   line in the file, 1 being the header
 * @param address      the box, the key
 * @param type         the box's type
 * @param professional the professional named by the line, if any: holder of a PER or CAB box, responsible candidate
 *                     of a new ORG box
 * @param structure    the structure named by the line, if any: owner of an ORG or APP box, attachment otherwise
 * @param service      service de rattachement, possibly empty
 */
record MappedLine(long lineNumber, BoxAddress address, BoxType type, Optional<Professional> professional,
                  Optional<Structure> structure, String service) {

    MappedLine {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(professional, "professional");
        Objects.requireNonNull(structure, "structure");
        Objects.requireNonNull(service, "service");
    }
}
