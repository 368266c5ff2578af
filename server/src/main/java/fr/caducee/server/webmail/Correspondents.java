package fr.caducee.server.webmail;

import java.util.Locale;
import java.util.Optional;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.InvalidModelException;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;
import fr.caducee.webmail.port.Correspondent;

/**
 * A box as the patient should see it, from the directory (read through its cache): a professional's box by their
 * name ("Dr Marie Martin"), profession and structure; a team's box by its service and structure; software by its
 * structure; a patient's box by the patient's name; any other address (another operator's box) as itself.
 */
final class Correspondents {
    private final Directory directory;

    Correspondents(Directory directory) {
        this.directory = directory;
    }

    Correspondent of(String address) {
        String lower = address.strip().toLowerCase(Locale.ROOT);
        BoxAddress box;
        try {
            box = BoxAddress.parse(lower);
        } catch (InvalidIdentifierException | InvalidModelException e) {
            return Correspondent.unknown(lower);
        }
        if (PatientAddress.of(box).isPresent()) {
            return directory.patientAt(box).map(patient -> new Correspondent(box.address(), name(patient),
                Optional.empty(), Optional.empty())).orElse(Correspondent.unknown(box.address()));
        }
        return directory.findBox(box).map(this::of).orElse(Correspondent.unknown(box.address()));
    }

    Correspondent of(Box box) {
        Optional<String> structure = box.structure().flatMap(directory::structure).map(Correspondents::name);
        Optional<Professional> professional = box.professional().flatMap(directory::professional);
        if (professional.isPresent() && (box.type() == BoxType.PER || box.type() == BoxType.CAB)) {
            return new Correspondent(box.address().address(), name(professional.get()),
                profession(professional.get()), structure);
        }
        String team = box.service().isBlank() ? structure.orElse(box.address().address())
            : structure.map(name -> box.service() + " - " + name).orElse(box.service());
        return new Correspondent(box.address().address(), team, Optional.empty(), structure);
    }

    static String name(Patient patient) {
        return (patient.firstName() + " " + patient.lastName()).strip();
    }

    /** "Dr Marie Martin": the title as people write it (DR, PR in the directory). */
    static String name(Professional professional) {
        String title = switch (professional.title().toUpperCase(Locale.ROOT)) {
            case "DR" -> "Dr ";
            case "PR" -> "Pr ";
            default -> "";
        };
        return (title + professional.firstName() + " " + professional.lastName()).replaceAll("\\s+", " ").strip();
    }

    /** "Médecin - Cardiologie"; empty when the directory has no label. */
    static Optional<String> profession(Professional professional) {
        if (professional.professionLabel().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(professional.specialtyLabel().isBlank() ? professional.professionLabel()
            : professional.professionLabel() + " - " + professional.specialtyLabel());
    }

    private static String name(Structure structure) {
        return structure.tradeName().isBlank() ? structure.name() : structure.tradeName();
    }
}
