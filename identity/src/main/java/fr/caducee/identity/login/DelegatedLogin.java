package fr.caducee.identity.login;

import java.util.Optional;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.rules.Rule;
import fr.caducee.rules.transport.SaslLogins;
import fr.caducee.rules.transport.SaslLogins.LoggedIn;
import fr.caducee.rules.transport.SaslLogins.LoginOutcome;
import fr.caducee.rules.transport.SaslLogins.Refused;
import fr.caducee.rules.transport.SaslLogins.Unavailable;

/**
 * A professional opening a box with their own password, for mail clients that cannot send a SASL authorization
 * identity (Thunderbird, Outlook, most practice software): the login is {@code box*member}, e.g.
 * {@code cardiologie@chu.example*dr.martin@chu.example}, with the member's password. The separator is the first
 * {@code *} after the box's {@code @} (a domain holds none, while a local part may), so a box whose local part holds
 * a {@code *} still logs in as itself. The member's password is checked by the directory, then the member must be
 * allowed to act as the box exactly as when sending ({@link Directory#mayWriteAs}): the member's own box is a PER or
 * CAB box, and the box is an active ORG box of which they are the responsible or a member, or another PER or CAB box
 * of theirs. No patient's address takes part, as box or as member: patients log in to the webmail, with two factors.
 */
public final class DelegatedLogin {
    private static final String CHECK = "check the box, the member's address and the member's own password "
        + "(login box*member)";

    private final Directory directory;

    public DelegatedLogin(Directory directory) {
        this.directory = directory;
    }

    /** The two addresses of a delegated login, as typed. */
    public record Names(String box, String member) {
    }

    /** The box and the member of {@code login}; empty when it is an ordinary login (no {@code *} after the {@code @}). */
    public static Optional<Names> split(String login) {
        int at = login.indexOf('@');
        int separator = at < 0 ? -1 : login.indexOf(SaslLogins.DELEGATION_SEPARATOR, at);
        if (separator < 0) {
            return Optional.empty();
        }
        return Optional.of(new Names(login.substring(0, separator).strip(),
            login.substring(separator + SaslLogins.DELEGATION_SEPARATOR.length()).strip()));
    }

    /**
     * @return {@link LoggedIn} with the box and the member, {@link Refused} under {@code delegated-login-refused}, or
     *     {@link Unavailable} when the directory cannot be read
     */
    public LoginOutcome open(Names names, String password) {
        Optional<BoxAddress> box = Outcomes.address(names.box());
        Optional<BoxAddress> member = Outcomes.address(names.member());
        if (box.isEmpty() || member.isEmpty()) {
            return refused("The login is not box*member with two box addresses: " + CHECK);
        }
        if (PatientAddress.isPatientDomain(box.get().domain()) || PatientAddress.isPatientDomain(member.get().domain())) {
            return refused("A patient's box takes no part in a delegated login: patients log in to the webmail");
        }
        try {
            if (!directory.authenticate(member.get(), password)) {
                return refused("The member's credentials are not valid: " + CHECK);
            }
            if (!directory.mayWriteAs(member.get(), box.get())) {
                return refused(member.get() + " may not open " + box.get() + ": only an ORG box's responsible or "
                    + "members, or the holder of a PER or CAB box, may");
            }
        } catch (DirectoryUnavailableException e) {
            return Outcomes.DIRECTORY_UNAVAILABLE;
        }
        return new LoggedIn(box.get().address(), member.get().address());
    }

    private static Refused refused(String text) {
        return Outcomes.refused(Rule.DELEGATED_LOGIN_REFUSED, text);
    }
}
