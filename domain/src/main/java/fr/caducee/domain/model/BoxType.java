package fr.caducee.domain.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import fr.caducee.domain.identifier.InvalidIdentifierException;

/** Type of a secure mailbox (type de BAL), with the codes used by the national directory. */
public enum BoxType {
    /** Nominative box of one registered professional (BAL personnelle). */
    PER,
    /** Organisational box shared by a team, under a structure and a responsible professional (BAL organisationnelle). */
    ORG,
    /** Applicative box used by software to send and receive documents (BAL applicative). */
    APP,
    /** Shared box of a practice, held by a professional (BAL de cabinet). */
    CAB;

    private static final String ACCEPTED = Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));

    /** Parses a directory code, ignoring case and surrounding blanks. */
    public static BoxType parse(String code) {
        if (code == null) {
            throw new InvalidIdentifierException("box type", null, "is missing; expected one of " + ACCEPTED);
        }
        String s = code.strip().toUpperCase(Locale.ROOT);
        for (BoxType type : values()) {
            if (type.name().equals(s)) {
                return type;
            }
        }
        throw new InvalidIdentifierException("box type", code, "is not one of " + ACCEPTED);
    }

    /** True for boxes held by a professional (PER, CAB); false for those held by a structure (ORG, APP). */
    public boolean ownedByProfessional() {
        return this == PER || this == CAB;
    }

    /** True for boxes held by a structure (ORG, APP). */
    public boolean ownedByStructure() {
        return !ownedByProfessional();
    }
}
