package fr.caducee.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.StructureId;

/**
 * A professional secure mailbox (BAL) of this operator. Address and type never change once created.
 *
 * @param address      the box address, the key
 * @param type         PER, ORG, APP or CAB
 * @param professional holder of a PER or CAB box; empty for ORG and APP
 * @param structure    owner of an ORG or APP box; optional attachment of a PER box
 * @param responsible  professional responsible for an ORG box; empty otherwise
 * @param members      professionals who may read and send as an ORG box (the responsible one always may)
 * @param listeRouge   true when the box is not published in the national directory
 * @param status       active or suspended
 * @param created      when the box was created here
 * @param service      service de rattachement, possibly empty
 * @param softwareRef  registered software reference of an APP box (sent as X-MSS-NIL), possibly empty
 */
public record Box(BoxAddress address, BoxType type, Optional<IdNat> professional, Optional<StructureId> structure,
                  Optional<IdNat> responsible, Set<IdNat> members, boolean listeRouge, BoxStatus status,
                  Instant created, String service, String softwareRef) {

    public Box {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(created, "created");
        professional = Objects.requireNonNullElse(professional, Optional.empty());
        structure = Objects.requireNonNullElse(structure, Optional.empty());
        responsible = Objects.requireNonNullElse(responsible, Optional.empty());
        members = Set.copyOf(Objects.requireNonNullElse(members, Set.of()));
        service = Text.optional(service);
        softwareRef = Text.optional(softwareRef);
        String what = type + " box " + address;
        if (type.ownedByProfessional() && professional.isEmpty()) {
            throw new InvalidModelException(what + " must be held by a professional (idNat missing)");
        }
        if (type.ownedByStructure() && professional.isPresent()) {
            throw new InvalidModelException(what + " belongs to a structure and cannot be held by professional "
                    + professional.get().value());
        }
        if (type.ownedByStructure() && structure.isEmpty()) {
            throw new InvalidModelException(what + " must belong to a structure (FINESS or SIRET missing)");
        }
        if (type == BoxType.ORG && responsible.isEmpty()) {
            throw new InvalidModelException(what + " must have a responsible professional");
        }
        if (type != BoxType.ORG && (responsible.isPresent() || !members.isEmpty())) {
            throw new InvalidModelException(what + ": only ORG boxes have a responsible professional and members");
        }
        if (type != BoxType.APP && !softwareRef.isEmpty()) {
            throw new InvalidModelException(what + ": only APP boxes have a software reference");
        }
    }

    public boolean isActive() {
        return status == BoxStatus.ACTIVE;
    }

    /** True when this professional may read and send as this box: the holder, or a member of an ORG box. */
    public boolean usableBy(IdNat idNat) {
        return professional.filter(idNat::equals).isPresent()
                || responsible.filter(idNat::equals).isPresent()
                || members.contains(idNat);
    }

    public Box withStatus(BoxStatus newStatus) {
        return new Box(address, type, professional, structure, responsible, members, listeRouge, newStatus, created,
                service, softwareRef);
    }
}
