package fr.caducee.identity.annuaire;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Siret;
import fr.caducee.domain.identifier.StructureId;

/**
 * The national directory's resource that carries a box (ressource porteuse) as a conditional PATCH finds it by its
 * business identifier: a {@code Practitioner} by the professional's idNat (PER and CAB boxes), a
 * {@code PractitionerRole} by the professional and the structure they practise at (a PER box attached to a
 * structure), an {@code Organization} by its national structure id (ORG and APP boxes).
 *
 * <p>The identifier systems are the ones ANS's OpenAPI lists for each conditional PATCH: the idNat under the OID
 * {@code 1.2.250.1.71.4.2.1} (the guide's own example), a structure under the OID {@code 1.2.250.1.71.4.2.2}
 * ({@code 1} + FINESS, {@code 3} + SIRET: one system for both registers); a {@code PractitionerRole}'s organisation,
 * for which the OpenAPI lists only FINESS and SIREN, by its FINESS or the SIREN of its SIRET.
 *
 * @param resourceType {@code Practitioner}, {@code PractitionerRole} or {@code Organization}
 * @param query        the search parameters of the conditional PATCH, in order, not encoded
 */
public record Carrier(String resourceType, Map<String, String> query) {
    static final String PRACTITIONER = "Practitioner";
    static final String PRACTITIONER_ROLE = "PractitionerRole";
    static final String ORGANIZATION = "Organization";
    static final String FINESS_SYSTEM = "http://finess.sante.gouv.fr";
    static final String SIRENE_SYSTEM = "http://sirene.fr";

    public Carrier {
        Objects.requireNonNull(resourceType, "resourceType");
        if (!List.of(PRACTITIONER, PRACTITIONER_ROLE, ORGANIZATION).contains(resourceType)) {
            throw new IllegalArgumentException("a box is carried by a Practitioner, a PractitionerRole or an "
                + "Organization, not by " + resourceType);
        }
        if (query.isEmpty()) {
            throw new IllegalArgumentException("a conditional PATCH of a " + resourceType + " needs its identifier");
        }
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    }

    /** A professional's PER or CAB box. */
    public static Carrier practitioner(IdNat idNat) {
        return new Carrier(PRACTITIONER, Map.of("identifier", practitionerIdentifier(idNat)));
    }

    /** A PER box attached to the structure its holder practises at. */
    public static Carrier practitionerRole(IdNat idNat, StructureId structure) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("practitioner.identifier", practitionerIdentifier(idNat));
        query.put("organization.identifier", structure instanceof Siret siret
            ? SIRENE_SYSTEM + "|" + siret.siren() : FINESS_SYSTEM + "|" + structure.number());
        return new Carrier(PRACTITIONER_ROLE, query);
    }

    /** An ORG or APP box, on the structure that owns it. */
    public static Carrier organization(StructureId structure) {
        return new Carrier(ORGANIZATION, Map.of("identifier", "urn:oid:" + StructureId.OID + "|" + structure.nationalId()));
    }

    private static String practitionerIdentifier(IdNat idNat) {
        return "urn:oid:" + IdNat.OID + "|" + idNat.value();
    }

    /** The path and query of the conditional PATCH under the API's base, percent-encoded: {@code Practitioner?identifier=urn%3Aoid...}. */
    public String pathAndQuery() {
        return resourceType + "?" + query.entrySet().stream()
            .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
            .collect(Collectors.joining("&"));
    }

    /**
     * The same as a person reads it, as the guide writes it ({@code Practitioner?identifier=urn:oid:1.2.250.1.71.4.2.1|810000005479}):
     * what the publication queue keeps, read back by {@link #parse}.
     */
    public String shown() {
        return resourceType + "?" + query.entrySet().stream()
            .map(entry -> entry.getKey() + "=" + entry.getValue())
            .collect(Collectors.joining("&"));
    }

    /** Reads back what {@link #shown()} wrote. */
    public static Carrier parse(String shown) {
        int question = shown.indexOf('?');
        if (question <= 0) {
            throw new IllegalArgumentException("not a resource and its identifier: " + shown);
        }
        Map<String, String> query = new LinkedHashMap<>();
        List<String> pairs = new ArrayList<>(List.of(shown.substring(question + 1).split("&")));
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("not a search parameter: " + pair + " in " + shown);
            }
            query.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return new Carrier(shown.substring(0, question), query);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return shown();
    }
}
