package fr.caducee.webmail.mail;

import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import fr.caducee.webmail.port.Correspondent;

/**
 * A correspondent as a page prints them: the name, then the profession and the structure ("Médecin - Cardiologie,
 * CHU de Lyon"). A box the directory does not know is shown by its address, which the port gives as its name.
 *
 * @param name    "Dr Marie Martin", "Pharmacie du Centre", "Vous"
 * @param details profession and structure, or empty
 */
public record Who(String name, String details) {
    public static final Who YOU = new Who("Vous", "");

    public Who {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(details, "details");
    }

    public static Who of(Correspondent correspondent) {
        String details = Stream.of(correspondent.profession(), correspondent.structure())
            .flatMap(Optional::stream)
            .filter(part -> !part.isBlank() && !part.equals(correspondent.name()))
            .collect(Collectors.joining(", "));
        return new Who(correspondent.name(), details);
    }

    /** "Dr Marie Martin (Médecin - Cardiologie, CHU de Lyon)", for a sentence or a link's text. */
    public String full() {
        return details.isEmpty() ? name : name + " (" + details + ")";
    }
}
