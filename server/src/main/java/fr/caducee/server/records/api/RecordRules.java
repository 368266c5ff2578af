package fr.caducee.server.records.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

import fr.caducee.domain.identifier.StructureId;
import fr.caducee.records.access.AccessRules;
import fr.caducee.records.access.AuthorisationMatrix;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

/** The access rules of this start: the matrix file and the regulators' structures, checked before anything starts. */
public final class RecordRules {
    static final String DEFAULT_MATRIX = "record-access-matrix.txt";

    private RecordRules() {
    }

    public static AccessRules load(Settings settings, Path configDir) {
        Path file = settings.isGiven(Setting.RECORDS_ACCESS_MATRIX)
            ? settings.path(Setting.RECORDS_ACCESS_MATRIX) : configDir.resolve(DEFAULT_MATRIX);
        AuthorisationMatrix matrix;
        try {
            matrix = AuthorisationMatrix.parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("The record's authorisation matrix " + file + " cannot be read (" + e
                + "): restore it from james-config/ or name another with " + Setting.RECORDS_ACCESS_MATRIX, e);
        }
        Set<String> regulators = new LinkedHashSet<>();
        for (String id : settings.text(Setting.RECORDS_REGULATOR_STRUCTURES).split(",")) {
            if (!id.isBlank()) {
                try {
                    regulators.add(StructureId.parse(id).number());
                } catch (IllegalArgumentException e) {
                    throw settings.invalid(Setting.RECORDS_REGULATOR_STRUCTURES, e.getMessage());
                }
            }
        }
        return new AccessRules(matrix, regulators);
    }
}
