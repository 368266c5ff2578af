package fr.caducee.directory.ldap;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.domain.directory.store.DirectoryRefusal;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.domain.model.Patient;

/**
 * Who represents whom: the INS of a patient's legal representatives (a child's parents) are the values of
 * {@code cadRepresentative} on the patient's entry, kept outside the patient record so that a put of the patient
 * leaves them alone. The patients a representative may act for are found by an equality search on that attribute,
 * which the embedded engine indexes (an external directory should too).
 *
 * <p>Each change is one LDAP modify adding or deleting one value, so concurrent changes to one patient never lose
 * each other. That the representative exists is checked before the write (LDAP has no transaction over both).
 */
final class Representatives {
    private static final Logger LOG = LoggerFactory.getLogger(LdapDirectoryStore.class);

    private final DirectoryTree tree;
    private final LdapOperations ops;
    private final UnusableEntries unusable;

    Representatives(DirectoryTree tree, LdapOperations ops, UnusableEntries unusable) {
        this.tree = tree;
        this.ops = ops;
        this.unusable = unusable;
    }

    List<Ins> of(Ins patient) {
        Optional<Entry> entry = ops.get("read the representatives of patient " + patient, tree.patient(patient),
                LdapNames.REPRESENTATIVE);
        return entry.map(e -> EntryValues.all(e, LdapNames.REPRESENTATIVE)).orElse(List.of()).stream()
                .map(value -> parse(entry.get(), value)).flatMap(Optional::stream).distinct()
                .sorted(Comparator.comparing(Ins::matricule)).toList();
    }

    List<Patient> representedBy(Ins representative) {
        Filter filter = Filter.createANDFilter(
                Filter.createEqualityFilter(LdapNames.REPRESENTATIVE, representative.matricule()),
                Filter.createEqualityFilter(LdapNames.OBJECT_CLASS, LdapNames.PATIENT_CLASS));
        return ops.search("read the patients represented by " + representative, tree.container(RecordKind.PATIENT),
                        filter, 0, PatientEntries.READ).stream()
                .flatMap(e -> unusable.read(RecordKind.PATIENT, e, PatientEntries::fromEntry).stream())
                .sorted(Comparator.comparing(p -> p.ins().matricule()))
                .toList();
    }

    boolean add(Ins patient, Ins representative) {
        String subject = subject(patient);
        if (patient.equals(representative)) {
            throw new DirectoryRefusal(DirectoryRefusal.Reason.INVALID, subject
                    + ": a patient cannot be their own legal representative");
        }
        requirePatient(subject, patient);
        if (!exists(subject, tree.patient(representative))) {
            throw new DirectoryRefusal(DirectoryRefusal.Reason.UNKNOWN_REFERENCE, subject + ": representative "
                    + representative + " is not a patient in the directory");
        }
        ResultCode result = ops.modify("add a representative to " + subject, change(ModificationType.ADD, patient,
                representative), ResultCode.NO_SUCH_OBJECT, ResultCode.ATTRIBUTE_OR_VALUE_EXISTS);
        return outcome(subject, result);
    }

    boolean remove(Ins patient, Ins representative) {
        String subject = subject(patient);
        requirePatient(subject, patient);
        ResultCode result = ops.modify("remove a representative of " + subject, change(ModificationType.DELETE,
                patient, representative), ResultCode.NO_SUCH_OBJECT, ResultCode.NO_SUCH_ATTRIBUTE);
        return outcome(subject, result);
    }

    private ModifyRequest change(ModificationType type, Ins patient, Ins representative) {
        return new ModifyRequest(tree.patient(patient), new Modification(type, LdapNames.REPRESENTATIVE,
                representative.matricule()));
    }

    /** True when the value changed; false when it was there already (add) or absent (delete). */
    private static boolean outcome(String subject, ResultCode result) {
        if (result == ResultCode.NO_SUCH_OBJECT) {
            throw notFound(subject);
        }
        return result == ResultCode.SUCCESS;
    }

    private void requirePatient(String subject, Ins patient) {
        if (!exists(subject, tree.patient(patient))) {
            throw notFound(subject);
        }
    }

    private boolean exists(String subject, DN dn) {
        return ops.get("check the representatives of " + subject, dn, LdapNames.NO_ATTRIBUTES).isPresent();
    }

    /** A value that is not an INS (an entry edited by hand) is skipped and logged, never taken as someone. */
    private static Optional<Ins> parse(Entry entry, String value) {
        try {
            return Optional.of(Ins.parse(Objects.requireNonNull(value).strip()));
        } catch (InvalidIdentifierException e) {
            LOG.warn("Directory entry {}: {} '{}' is not an INS and is ignored until corrected: {}", entry.getDN(),
                    LdapNames.REPRESENTATIVE, value, e.getMessage());
            return Optional.empty();
        }
    }

    private static String subject(Ins patient) {
        return "patient " + patient;
    }

    private static DirectoryRefusal notFound(String subject) {
        return new DirectoryRefusal(DirectoryRefusal.Reason.NOT_FOUND, subject + " is not in the directory");
    }
}
