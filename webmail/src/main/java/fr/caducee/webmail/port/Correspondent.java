package fr.caducee.webmail.port;

import java.util.Objects;
import java.util.Optional;

/**
 * A box as a patient should see it: a person's or a team's name, their profession and structure from the directory,
 * not a bare address. For a box the directory does not know (another operator's), the name is the address.
 *
 * @param address    the box address, lower case
 * @param name       "Dr Marie Martin", "Cardiologie - CHU de Lyon", "Pharmacie du Centre"
 * @param profession "Médecin - Cardiologie", "Pharmacien"; empty for a team or software box
 * @param structure  the structure's name; empty when unknown
 */
public record Correspondent(String address, String name, Optional<String> profession, Optional<String> structure) {

    public Correspondent {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(name, "name");
        profession = Objects.requireNonNullElse(profession, Optional.empty());
        structure = Objects.requireNonNullElse(structure, Optional.empty());
    }

    public static Correspondent unknown(String address) {
        return new Correspondent(address, address, Optional.empty(), Optional.empty());
    }
}
