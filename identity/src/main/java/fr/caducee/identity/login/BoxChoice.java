package fr.caducee.identity.login;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.identity.Sentence;
import fr.caducee.rules.Rule;
import fr.caducee.rules.transport.SaslLogins.LoggedIn;
import fr.caducee.rules.transport.SaslLogins.LoginOutcome;
import fr.caducee.rules.transport.SaslLogins.Refused;
import fr.caducee.rules.transport.SaslLogins.Unavailable;

/**
 * Which box a professional authenticated by token opens. They may open their own PER and CAB boxes and the ORG boxes
 * of which they are the responsible or a member, as the directory records them ({@link Directory#boxesOf}); never an
 * APP box (software logs in with its certificate) and never a suspended box. The box the client names ({@code a=} in
 * OAUTHBEARER, {@code user=} in XOAUTH2) must be one of those. When it names none: their preferred PER box, which is,
 * since the directory records no rank among a professional's boxes, the active PER box created first here (the
 * address, in its alphabetical order, breaks a tie): the same box at every login, whatever order the directory lists
 * them in.
 */
public final class BoxChoice {
    /** The order in which a professional's PER boxes are preferred. */
    static final Comparator<Box> PREFERRED = Comparator.comparing(Box::created)
        .thenComparing(box -> box.address().address());

    private final Directory directory;

    public BoxChoice(Directory directory) {
        this.directory = directory;
    }

    /**
     * @param requested the box the client named, as it wrote it; empty: the preferred PER box
     * @return {@link LoggedIn} with the box and the idNat, {@link Refused} under {@code login-no-box}, or
     *     {@link Unavailable} when the directory cannot be read
     */
    public LoginOutcome choose(IdNat professional, Optional<String> requested) {
        List<Box> openable;
        try {
            openable = directory.boxesOf(professional).stream()
                .filter(box -> box.type() != BoxType.APP && box.usableBy(professional))
                .toList();
        } catch (DirectoryUnavailableException e) {
            return Outcomes.DIRECTORY_UNAVAILABLE;
        }
        if (requested.isPresent()) {
            return named(professional, requested.get(), openable);
        }
        return openable.stream()
            .filter(box -> box.type() == BoxType.PER && box.isActive())
            .min(PREFERRED)
            .<LoginOutcome>map(box -> new LoggedIn(box.address().address(), professional.value()))
            .orElseGet(() -> refused(openable.stream().anyMatch(Box::isActive)
                ? "Professional " + professional + " has no personal (PER) box here: name the box to open (user= "
                    + "or the authorization identity)"
                : "Professional " + professional + " holds no box on this server"));
    }

    private LoginOutcome named(IdNat professional, String requested, List<Box> openable) {
        Optional<BoxAddress> address = Outcomes.address(requested);
        if (address.isEmpty() || PatientAddress.isPatientDomain(address.get().domain())) {
            return refused("Professional " + professional + " may not open " + Sentence.shown(requested)
                + ": name one of your boxes, or an ORG box you are a member of");
        }
        Optional<Box> box = openable.stream().filter(candidate -> candidate.address().equals(address.get()))
            .findFirst();
        if (box.isEmpty()) {
            return refused("Professional " + professional + " may not open " + address.get() + ": name one of your "
                + "PER or CAB boxes, or an ORG box you are the responsible or a member of");
        }
        if (!box.get().isActive()) {
            return refused("The box " + address.get() + " is suspended: it cannot be opened");
        }
        return new LoggedIn(address.get().address(), professional.value());
    }

    private static Refused refused(String text) {
        return Outcomes.refused(Rule.LOGIN_NO_BOX, text);
    }
}
