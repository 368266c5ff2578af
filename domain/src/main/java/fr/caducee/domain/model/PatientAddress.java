package fr.caducee.domain.model;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.InvalidIdentifierException;

/**
 * The address of a patient's box (messagerie citoyenne): {@code <INS matricule>@patient.<operator domain>}, e.g.
 * {@code 146026322000196@patient.mssante.fr}. Patients may only reply to professionals, so telling these addresses
 * apart reliably matters more than for any other box.
 */
public final class PatientAddress {

    /** Label that starts every patient domain. */
    public static final String DOMAIN_PREFIX = "patient.";
    private static final String KIND = "patient address";

    private final BoxAddress address;
    private final Ins ins;

    private PatientAddress(BoxAddress address, Ins ins) {
        this.address = address;
        this.ins = ins;
    }

    /**
     * Whether {@code domain} (any case) is a patient domain, {@code patient.<operator domain>}: the one place that
     * decides whether an address is a patient's.
     */
    public static boolean isPatientDomain(String domain) {
        return domain.toLowerCase(Locale.ROOT).startsWith(DOMAIN_PREFIX);
    }

    /** Whether {@code address} ({@code local@domain}, any case) is at a patient domain. */
    public static boolean isPatientAddress(String address) {
        int at = address.lastIndexOf('@');
        return at >= 0 && isPatientDomain(address.substring(at + 1));
    }

    /**
     * The patient address held in {@code address}, or empty when its domain is not a patient domain.
     *
     * @throws InvalidIdentifierException when the domain is a patient domain but the local part is not a valid INS:
     *         such an address is neither a patient's nor a professional's, and must not be treated as either
     */
    public static Optional<PatientAddress> of(BoxAddress address) {
        Objects.requireNonNull(address, "address");
        if (!isPatientDomain(address.domain())) {
            return Optional.empty();
        }
        String operatorDomain = address.domain().substring(DOMAIN_PREFIX.length());
        if (operatorDomain.indexOf('.') < 0) {
            throw new InvalidIdentifierException(KIND, address.address(),
                    "operator domain " + operatorDomain + " after " + DOMAIN_PREFIX + " must have at least two labels");
        }
        Ins ins;
        try {
            ins = Ins.parse(address.localPart());
        } catch (InvalidIdentifierException e) {
            throw new InvalidIdentifierException(KIND, address.address(), e.kind() + " " + e.problem());
        }
        return Optional.of(new PatientAddress(address, ins));
    }

    /** Parses an address that must be a patient's. */
    public static PatientAddress parse(String value) {
        BoxAddress address = BoxAddress.parse(value);
        return of(address).orElseThrow(() -> new InvalidIdentifierException(KIND, value,
                "domain " + address.domain() + " is not a patient domain (" + DOMAIN_PREFIX + "<operator domain>)"));
    }

    /** The address of the patient with this INS at the given operator, e.g. {@code mssante.fr}. */
    public static PatientAddress of(Ins ins, String operatorDomain) {
        Objects.requireNonNull(ins, "ins");
        Objects.requireNonNull(operatorDomain, "operatorDomain");
        return parse(ins.matricule() + "@" + DOMAIN_PREFIX + operatorDomain.strip());
    }

    /** The patient's INS; Corsican letters upper-case, although the address itself is lower-case. */
    public Ins ins() {
        return ins;
    }

    /** The operator's domain: what follows {@code patient.}. */
    public String operatorDomain() {
        return address.domain().substring(DOMAIN_PREFIX.length());
    }

    public BoxAddress address() {
        return address;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PatientAddress other && address.equals(other.address);
    }

    @Override
    public int hashCode() {
        return address.hashCode();
    }

    @Override
    public String toString() {
        return address.address();
    }
}
