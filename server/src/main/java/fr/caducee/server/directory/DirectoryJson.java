package fr.caducee.server.directory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Dispensing;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;

/**
 * The JSON form of directory records in the administration API. Identifiers are written in their national form
 * (idNat, 1+FINESS / 3+SIRET, INS matricule); reading validates every field and names the faulty one.
 */
final class DirectoryJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private DirectoryJson() {
    }

    static ObjectNode box(Box box) {
        ObjectNode node = MAPPER.createObjectNode()
            .put("address", box.address().address())
            .put("type", box.type().name());
        box.professional().ifPresent(p -> node.put("professional", p.value()));
        box.structure().ifPresent(s -> node.put("structure", s.nationalId()));
        box.responsible().ifPresent(r -> node.put("responsible", r.value()));
        ArrayNode members = node.putArray("members");
        box.members().stream().map(IdNat::value).sorted().forEach(members::add);
        return node.put("listeRouge", box.listeRouge())
            .put("status", box.status().code())
            .put("created", box.created().toString())
            .put("service", box.service())
            .put("softwareRef", box.softwareRef());
    }

    /** A box from a request body; address from the path; creation date given by the caller (kept if it exists). */
    static Box box(BoxAddress address, JsonNode body, Instant created) {
        Set<IdNat> members = new LinkedHashSet<>();
        JsonNode list = body.path("members");
        if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
            throw new DirectoryErrors.BadRequest("members must be a list of idNat");
        }
        list.forEach(member -> members.add(IdNat.parse(member.asText())));
        return new Box(address,
            BoxType.parse(required(body, "type")),
            optional(body, "professional").map(IdNat::parse),
            optional(body, "structure").map(StructureId::parseNational),
            optional(body, "responsible").map(IdNat::parse),
            members,
            body.path("listeRouge").asBoolean(false),
            optional(body, "status").map(BoxStatus::parse).orElse(BoxStatus.ACTIVE),
            created,
            optional(body, "service").orElse(""),
            optional(body, "softwareRef").orElse(""));
    }

    static ObjectNode professional(Professional p) {
        return MAPPER.createObjectNode()
            .put("idNat", p.idNat().value())
            .put("title", p.title())
            .put("lastName", p.lastName())
            .put("firstName", p.firstName())
            .put("professionCode", p.professionCode())
            .put("professionLabel", p.professionLabel())
            .put("specialtyCode", p.specialtyCode())
            .put("specialtyLabel", p.specialtyLabel());
    }

    static Professional professional(IdNat idNat, JsonNode body) {
        return new Professional(idNat, text(body, "title"), text(body, "lastName"), text(body, "firstName"),
            text(body, "professionCode"), text(body, "professionLabel"), text(body, "specialtyCode"),
            text(body, "specialtyLabel"));
    }

    static ObjectNode structure(Structure s) {
        return MAPPER.createObjectNode()
            .put("id", s.id().nationalId())
            .put("name", s.name())
            .put("tradeName", s.tradeName())
            .put("postalCode", s.postalCode())
            .put("town", s.town());
    }

    static Structure structure(StructureId id, JsonNode body) {
        return new Structure(id, text(body, "name"), text(body, "tradeName"), text(body, "postalCode"),
            text(body, "town"));
    }

    static ObjectNode patient(Patient p) {
        ObjectNode node = MAPPER.createObjectNode()
            .put("ins", p.ins().matricule())
            .put("lastName", p.lastName())
            .put("firstName", p.firstName());
        p.birthDate().ifPresent(date -> node.put("birthDate", date.toString()));
        node.put("address", p.boxAddress().address())
            .put("status", p.status().code())
            .put("created", p.created().toString());
        ArrayNode dispensings = node.putArray("dispensings");
        p.dispensings().forEach(d -> dispensings.addObject()
            .put("pharmacy", d.pharmacy().nationalId())
            .put("date", d.date().toString()));
        return node;
    }

    /** A patient as a representative is shown: who, and their box. */
    static ObjectNode representative(Patient p) {
        return MAPPER.createObjectNode()
            .put("ins", p.ins().matricule())
            .put("lastName", p.lastName())
            .put("firstName", p.firstName())
            .put("address", p.boxAddress().address())
            .put("status", p.status().code());
    }

    /** A patient from a request body; the box is on {@code patient.<domain>} of the given operator domain. */
    static Patient patient(Ins ins, JsonNode body, String operatorDomain, Instant created,
                           Optional<Patient> existing) {
        return new Patient(ins, text(body, "lastName"), text(body, "firstName"),
            optional(body, "birthDate").map(value -> date("birthDate", value)),
            PatientAddress.of(ins, operatorDomain),
            optional(body, "status").map(BoxStatus::parse).orElse(BoxStatus.ACTIVE),
            created,
            existing.map(Patient::dispensings).orElse(List.of()));
    }

    static Dispensing dispensing(JsonNode body) {
        return new Dispensing(StructureId.parseNational(required(body, "pharmacy")),
            date("date", required(body, "date")));
    }

    static ObjectNode map(Map<String, ?> values) {
        return MAPPER.valueToTree(values);
    }

    static <T> ArrayNode array(Iterable<T> items, Function<T, ObjectNode> toJson) {
        ArrayNode array = MAPPER.createArrayNode();
        items.forEach(item -> array.add(toJson.apply(item)));
        return array;
    }

    static LocalDate date(String field, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new DirectoryErrors.BadRequest(field + " '" + value + "' is not a date of the form YYYY-MM-DD");
        }
    }

    static String required(JsonNode body, String field) {
        return optional(body, field).orElseThrow(() -> new DirectoryErrors.BadRequest(field + " is missing"));
    }

    static Optional<String> optional(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull() || value.asText().isBlank()) {
            return Optional.empty();
        }
        if (!value.isValueNode()) {
            throw new DirectoryErrors.BadRequest(field + " must be a single value");
        }
        return Optional.of(value.asText().strip());
    }

    private static String text(JsonNode body, String field) {
        return optional(body, field).orElse("");
    }
}
