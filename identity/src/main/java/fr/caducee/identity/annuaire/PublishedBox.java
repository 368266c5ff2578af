package fr.caducee.identity.annuaire;

import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Professional;

/**
 * What the national directory is told of one of our boxes, from what the directory records of it (ANS's data model,
 * spec-fonctionnelle-alimentation): its address and type, whether it is on the liste rouge (published all the same,
 * with the flag: the Annuaire hides it), for ORG and APP boxes the service it belongs to (service de rattachement),
 * for an ORG box who is responsible for it. Our directory keeps no description of a box and no preferred box: a box
 * read from it has no {@code description}, and no {@code rank} is ever sent. Patients' boxes are not boxes of this
 * kind: never published.
 *
 * @param address     the box, the key the Annuaire finds it by among its carrier's telecoms
 * @param type        PER, ORG, APP or CAB; never changes
 * @param carrier     the resource that carries it
 * @param listeRouge  true when the Annuaire must not show it
 * @param description what the box is for (ORG, APP, CAB), empty when unknown
 * @param service     the service de rattachement (ORG, APP), empty otherwise
 * @param responsible who is responsible for an ORG box, as a person reads it; empty otherwise
 */
public record PublishedBox(BoxAddress address, BoxType type, Carrier carrier, boolean listeRouge,
                           Optional<String> description, Optional<String> service, Optional<String> responsible) {

    public PublishedBox {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(carrier, "carrier");
        description = description.filter(text -> !text.isBlank());
        service = service.filter(text -> !text.isBlank());
        responsible = responsible.filter(text -> !text.isBlank());
    }

    /**
     * The box as the Annuaire carries it. {@code responsibleRecord} is the directory's record of an ORG box's
     * responsible professional, when it could be read: their name then goes with their idNat.
     */
    public static PublishedBox of(Box box, Optional<Professional> responsibleRecord) {
        return new PublishedBox(box.address(), box.type(), carrierOf(box), box.listeRouge(), Optional.empty(),
            box.type().ownedByStructure() ? Optional.of(box.service()) : Optional.empty(),
            box.responsible().map(idNat -> responsible(idNat, responsibleRecord.filter(p -> p.idNat().equals(idNat)))));
    }

    /** Where the Annuaire carries this box: its holder's {@code Practitioner} (or {@code PractitionerRole}), or its structure. */
    public static Carrier carrierOf(Box box) {
        if (box.type().ownedByStructure()) {
            return Carrier.organization(box.structure().orElseThrow());
        }
        IdNat holder = box.professional().orElseThrow();
        if (box.type() == BoxType.PER && box.structure().isPresent()) {
            return Carrier.practitionerRole(holder, box.structure().get());
        }
        return Carrier.practitioner(holder);
    }

    /** "Claire MARTIN (idNat 810000005479)": the name when the directory has it, the national id always. */
    static String responsible(IdNat idNat, Optional<Professional> record) {
        String name = record.map(p -> String.join(" ", Stream.of(p.firstName(), p.lastName())
            .filter(part -> !part.isBlank()).toList())).orElse("");
        return name.isEmpty() ? "idNat " + idNat.value() : name + " (idNat " + idNat.value() + ")";
    }
}
