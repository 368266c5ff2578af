package fr.caducee.directory.ldap;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;

import fr.caducee.domain.directory.store.DirectoryRefusal;
import fr.caducee.domain.identifier.Finess;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.Patient;

/**
 * The reference rules of the model, checked against the store before a write: what a box or a dispensing names
 * must exist, and what a box names must not be removed.
 *
 * <p>Existence is checked by reading the entry's DN, which needs no index. LDAP cannot make the check and the
 * write one transaction: a professional removed between the two leaves a dangling reference. Removals only undo
 * a partial import line, so that race is accepted rather than locked against.
 */
final class References {

    /** Boxes named in a refused removal; one more is read to know whether there are others. */
    static final int BOXES_SHOWN = 3;

    private final DirectoryTree tree;
    private final LdapOperations ops;

    References(DirectoryTree tree, LdapOperations ops) {
        this.tree = tree;
        this.ops = ops;
    }

    void checkBox(Box box) {
        String subject = "box " + box.address();
        box.professional().ifPresent(id -> requireProfessional(subject, "holder professional", id));
        box.structure().ifPresent(id -> requireStructure(subject, "structure", id));
        box.responsible().ifPresent(id -> requireProfessional(subject, "responsible professional", id));
        List<String> missing = box.members().stream().filter(id -> !exists(subject, tree.professional(id)))
                .map(IdNat::value).sorted().toList();
        if (missing.size() == 1) {
            throw unknown(subject + ": member professional " + missing.get(0) + " is not in the directory");
        }
        if (!missing.isEmpty()) {
            throw unknown(subject + ": member professionals " + String.join(", ", missing)
                    + " are not in the directory");
        }
    }

    void checkDispensings(Patient patient) {
        patient.dispensings().stream().map(d -> d.pharmacy()).distinct()
                .sorted(Comparator.comparing(StructureId::nationalId))
                .forEach(id -> requireStructure("patient " + patient.ins(), "dispensing structure", id));
    }

    void requireStructure(String subject, String role, StructureId id) {
        if (!exists(subject, tree.structure(id))) {
            throw unknown(subject + ": " + role + " " + name(id) + " is not in the directory");
        }
    }

    /** Boxes a professional holds, is responsible for or is a member of. */
    static Filter naming(IdNat idNat) {
        String id = idNat.value();
        return Filter.createORFilter(Filter.createEqualityFilter(LdapNames.ID_NAT, id),
                Filter.createEqualityFilter(LdapNames.RESPONSIBLE, id),
                Filter.createEqualityFilter(LdapNames.MEMBER, id));
    }

    /**
     * Box entries matching {@code condition}. The condition comes first: the in-memory server narrows an AND by its
     * first indexed component only, and objectClass matches every box.
     */
    static Filter boxes(Filter condition) {
        return Filter.createANDFilter(condition,
                Filter.createEqualityFilter(LdapNames.OBJECT_CLASS, LdapNames.BOX_CLASS));
    }

    /**
     * Refuses, with a CONFLICT naming up to {@link #BOXES_SHOWN} of them, while boxes match the filter.
     *
     * @param subject what would be removed, as messages name it: {@code "professional 810000005479"}
     */
    void refuseWhileBoxesReferTo(String subject, Filter references) {
        List<String> addresses = ops.search("look for the boxes referring to " + subject,
                        tree.container(RecordKind.BOX), boxes(references), BOXES_SHOWN + 1, LdapNames.MAIL).stream()
                .map(e -> EntryValues.rdnValue(e, LdapNames.MAIL).orElse(e.getDN())).sorted().toList();
        if (addresses.isEmpty()) {
            return;
        }
        String shown = addresses.stream().limit(BOXES_SHOWN).collect(Collectors.joining(", "));
        String message = addresses.size() == 1 ? "box " + shown + " refers to it"
                : "boxes " + shown + (addresses.size() > BOXES_SHOWN ? " and more" : "") + " refer to it";
        throw new DirectoryRefusal(DirectoryRefusal.Reason.CONFLICT, subject + " cannot be removed: " + message);
    }

    /** How messages name a structure: {@code FINESS 750000001}, {@code SIRET 73282932000074}. */
    static String name(StructureId id) {
        return (id instanceof Finess ? "FINESS " : "SIRET ") + id.number();
    }

    private void requireProfessional(String subject, String role, IdNat id) {
        if (!exists(subject, tree.professional(id))) {
            throw unknown(subject + ": " + role + " " + id.value() + " is not in the directory");
        }
    }

    private boolean exists(String subject, DN dn) {
        return ops.get("check the references of " + subject, dn, LdapNames.NO_ATTRIBUTES).isPresent();
    }

    private static DirectoryRefusal unknown(String message) {
        return new DirectoryRefusal(DirectoryRefusal.Reason.UNKNOWN_REFERENCE, message);
    }
}
