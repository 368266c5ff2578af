package fr.caducee.directory.ldap;

import static fr.caducee.directory.ldap.LdapNames.MAIL;
import static fr.caducee.directory.ldap.LdapNames.PASSWORD;

import java.util.Optional;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.controls.AssertionRequestControl;

import fr.caducee.domain.directory.store.DirectoryRefusal;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.PatientAddress;

/**
 * Password hashes of logins, kept in {@code userPassword} as given (the hash is made elsewhere). A login is a box
 * address, or a patient's address {@code <INS>@patient.<operator domain>}: a patient entry is keyed by INS alone,
 * so the login must also be the address in its {@code mail}, or a patient of another operator with the same INS
 * would log in as this one.
 */
final class Passwords {

    private final DirectoryTree tree;
    private final LdapOperations ops;

    Passwords(DirectoryTree tree, LdapOperations ops) {
        this.tree = tree;
        this.ops = ops;
    }

    Optional<String> hash(BoxAddress login) {
        Optional<PatientAddress> patient;
        try {
            patient = PatientAddress.of(login);
        } catch (InvalidIdentifierException e) {
            return Optional.empty();
        }
        String what = "read the password of " + login;
        if (patient.isEmpty()) {
            return ops.get(what, tree.box(login), PASSWORD).flatMap(Passwords::first);
        }
        return ops.get(what, tree.patient(patient.get().ins()), MAIL, PASSWORD)
                .filter(e -> EntryValues.all(e, MAIL).stream().anyMatch(login.address()::equalsIgnoreCase))
                .flatMap(Passwords::first);
    }

    void setHash(BoxAddress login, String hash) {
        if (hash == null || hash.isBlank()) {
            throw refusal(DirectoryRefusal.Reason.INVALID, "password of " + login + ": the hash is empty");
        }
        Optional<PatientAddress> patient;
        try {
            patient = PatientAddress.of(login);
        } catch (InvalidIdentifierException e) {
            throw refusal(DirectoryRefusal.Reason.INVALID, "password of " + login + ": " + e.getMessage());
        }
        ModifyRequest request = new ModifyRequest(patient.map(p -> tree.patient(p.ins())).orElse(tree.box(login)),
                new Modification(ModificationType.REPLACE, PASSWORD, hash));
        // For a patient, the assertion checks that the login is the entry's address within the same operation.
        patient.ifPresent(p -> request.addControl(
                new AssertionRequestControl(Filter.createEqualityFilter(MAIL, login.address()))));
        ResultCode result = ops.modify("set the password of " + login, request, ResultCode.NO_SUCH_OBJECT,
                ResultCode.ASSERTION_FAILED);
        if (result != ResultCode.SUCCESS) {
            throw refusal(DirectoryRefusal.Reason.NOT_FOUND, "login " + login + " is not in the directory");
        }
    }

    private static Optional<String> first(Entry entry) {
        return EntryValues.all(entry, PASSWORD).stream().findFirst();
    }

    private static DirectoryRefusal refusal(DirectoryRefusal.Reason reason, String message) {
        return new DirectoryRefusal(reason, message);
    }
}
