package fr.caducee.records.access;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which document types (LOINC) each profession may read in a record outside an emergency: a table the operator
 * writes, one line per profession code of the national directory ({@code 10} doctor, {@code 21} pharmacist,
 * {@code 60} nurse...):
 * <pre>
 * # profession   LOINC codes, or * for every type
 * 10             *
 * 21             57833-6 11502-2 11490-0
 * </pre>
 * A profession the table does not name reads nothing (emergency access aside). A mistake stops the start with the
 * file and the line named.
 */
public final class AuthorisationMatrix {
    public static final String EVERY_TYPE = "*";
    private static final Pattern PROFESSION = Pattern.compile("\\d{1,3}");
    private static final Pattern LOINC = Pattern.compile("\\d{1,7}-\\d");

    private final Map<String, Set<String>> typesByProfession;

    private AuthorisationMatrix(Map<String, Set<String>> typesByProfession) {
        this.typesByProfession = Map.copyOf(typesByProfession);
    }

    public static AuthorisationMatrix of(Map<String, Set<String>> typesByProfession) {
        return new AuthorisationMatrix(typesByProfession);
    }

    /**
     * @param source names the file in error messages
     * @throws IllegalArgumentException naming {@code source} and the line of the first mistake
     */
    public static AuthorisationMatrix parse(String source, List<String> lines) {
        Map<String, Set<String>> table = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int comment = line.indexOf('#');
            String content = (comment >= 0 ? line.substring(0, comment) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            String where = source + ", line " + (i + 1) + ": ";
            String[] fields = content.split("[\\s,]+");
            String profession = fields[0];
            if (!PROFESSION.matcher(profession).matches()) {
                throw new IllegalArgumentException(where + "'" + profession + "' is not a profession code of the "
                    + "national directory (digits, e.g. 10 for doctors)");
            }
            if (fields.length < 2) {
                throw new IllegalArgumentException(where + "profession " + profession + " names no document type: "
                    + "list LOINC codes, or * for every type, or remove the line so that it reads nothing");
            }
            Set<String> types = new LinkedHashSet<>();
            for (int f = 1; f < fields.length; f++) {
                String type = fields[f];
                if (!type.equals(EVERY_TYPE) && !LOINC.matcher(type).matches()) {
                    throw new IllegalArgumentException(where + "'" + type + "' is not a LOINC code (e.g. 11502-2) "
                        + "nor *");
                }
                types.add(type);
            }
            if (types.contains(EVERY_TYPE) && types.size() > 1) {
                throw new IllegalArgumentException(where + "profession " + profession + " has * with other types: "
                    + "* already means every type");
            }
            if (table.putIfAbsent(profession, Collections.unmodifiableSet(types)) != null) {
                throw new IllegalArgumentException(where + "profession " + profession + " is already on an "
                    + "earlier line: write its types on one line");
            }
        }
        return new AuthorisationMatrix(table);
    }

    /** True when this profession may read documents of this LOINC type outside an emergency. */
    public boolean allows(String professionCode, String typeCode) {
        Set<String> types = typesByProfession.get(professionCode);
        return types != null && (types.contains(EVERY_TYPE) || types.contains(typeCode));
    }

    /** The types a profession may read, {@code *} for all; empty when the table does not name it. */
    public Optional<Set<String>> typesOf(String professionCode) {
        return Optional.ofNullable(typesByProfession.get(professionCode));
    }
}
