package fr.caducee.domain.directory;

import java.util.List;
import java.util.Optional;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;

/**
 * What the mail server asks the directory while handling a message: who a box is, who may write as it, whether a
 * domain belongs to the trust space. Answers come from an in-process cache whose staleness is bounded (see
 * {@link CachedDirectory}); when the store cannot be reached and nothing is cached, methods throw
 * {@link fr.caducee.domain.directory.store.DirectoryUnavailableException} so that callers answer "try later", never "yes".
 */
public interface Directory {

    /** A professional box (PER, ORG, APP, CAB), active or suspended. */
    Optional<Box> findBox(BoxAddress address);

    /** The boxes a professional holds or may use as a member, by address. */
    List<Box> boxesOf(IdNat idNat);

    Optional<Professional> professional(IdNat idNat);

    Optional<Structure> structure(StructureId id);

    Optional<Patient> patient(Ins ins);

    /** The patient whose box this is: the INS of the local part, on the domain the patient was registered with. */
    Optional<Patient> patientAt(BoxAddress address);

    /**
     * The patients this patient represents legally (a parent's children), as the directory records it: whose box
     * they may open in the webmail. Empty for most patients.
     */
    default List<Patient> representedBy(Ins representative) {
        return List.of();
    }

    /** What a login (a box address or a patient's address) is, if anything. */
    Optional<Account> account(BoxAddress login);

    /**
     * True when the authenticated {@code login} may send mail as {@code address}: its own box, another PER or CAB
     * box of the same professional, an ORG box of which the professional is responsible or a member. Suspended
     * boxes may not be written as.
     */
    boolean mayWriteAs(BoxAddress login, BoxAddress address);

    /** True when the domain is on the national whitelist. */
    boolean isTrustedDomain(String domain);

    /** True when the login exists, is active, has a password and the password matches. */
    boolean authenticate(BoxAddress login, String password);

    /** Forgets what is cached about these addresses, after a change made through this process. */
    void forget(BoxAddress... addresses);

    /** Forgets everything cached about a professional (their record and the list of their boxes). */
    void forget(IdNat idNat);

    /** Forgets a structure's record. */
    void forget(StructureId id);

    /** Forgets a patient's record and the list of the patients they represent. */
    void forget(Ins ins);
}
