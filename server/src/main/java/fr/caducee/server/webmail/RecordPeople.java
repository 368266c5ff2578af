package fr.caducee.server.webmail;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;
import fr.caducee.webmail.port.Correspondent;

/**
 * Who wrote a document of the record or read it, as a patient should see them: a professional's name, profession
 * and structure, a patient's name, software by its structure; from the directory. The record names people by
 * national id (a professional's idNat, a patient's INS) or, for software, by box.
 */
final class RecordPeople {
    private final Directory directory;

    RecordPeople(Directory directory) {
        this.directory = directory;
    }

    /**
     * A professional by national id; {@code via} is the box they wrote or read through (their own, or their
     * hospital's software that deposited the document), which stands for them when they have no box here.
     */
    Correspondent professional(String idNat, Optional<String> via) {
        Optional<Professional> known;
        List<Box> boxes;
        try {
            IdNat id = IdNat.parse(idNat);
            known = directory.professional(id);
            boxes = directory.boxesOf(id);
        } catch (InvalidIdentifierException e) {
            known = Optional.empty();
            boxes = List.of();
        }
        Optional<Box> own = boxes.stream().filter(box -> box.type() == BoxType.PER || box.type() == BoxType.CAB)
            .min(Comparator.comparing((Box box) -> box.type() != BoxType.PER).thenComparing(box -> box.address().address()));
        Optional<Box> through = via.flatMap(this::box);
        String address = own.map(box -> box.address().address()).or(() -> via.map(a -> a.toLowerCase(Locale.ROOT)))
            .orElse(idNat);
        Optional<String> structure = through.or(() -> own).flatMap(Box::structure).flatMap(this::structureName);
        if (known.isEmpty()) {
            return new Correspondent(address, "Professionnel de santé n° " + idNat, Optional.empty(), structure);
        }
        Professional professional = known.get();
        return new Correspondent(address, Correspondents.name(professional), Correspondents.profession(professional),
            structure);
    }

    /** A patient by INS: the patient themself, or their legal representative. */
    Correspondent patient(String ins, Optional<String> box) {
        Optional<Patient> known = Ins.isValid(ins) ? directory.patient(Ins.parse(ins)) : Optional.empty();
        String address = known.map(patient -> patient.boxAddress().address()).or(() -> box).orElse(ins);
        return new Correspondent(address, known.map(patient -> (patient.firstName() + " " + patient.lastName()).strip())
            .orElse(address), Optional.empty(), Optional.empty());
    }

    /** Software, by the box it read through: named by its structure. */
    Correspondent software(String address) {
        Optional<String> structure = box(address).flatMap(Box::structure).flatMap(this::structureName);
        return new Correspondent(address.toLowerCase(Locale.ROOT), structure.map(name -> "Logiciel de " + name)
            .orElse(address), Optional.empty(), structure);
    }

    private Optional<Box> box(String address) {
        try {
            return directory.findBox(BoxAddress.parse(address));
        } catch (InvalidIdentifierException e) {
            return Optional.empty();
        }
    }

    private Optional<String> structureName(StructureId id) {
        return directory.structure(id).map(Structure::name).filter(name -> !name.isBlank());
    }
}
