package fr.caducee.domain.importing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import fr.caducee.domain.importing.extract.ExtractLine;

/** Extract lines for tests, written as in the national file, and a way to change one column. */
final class Lines {

    static final String HEADER = String.join("|", ExtractLine.HEADER);

    /** A doctor's nominative box, RPPS 10000005479, no structure. */
    static final String DOCTOR = "PER|dupont.jean@medecin.mssante.fr|8|10000005479|810000005479||||DR|DUPONT|Jean|C"
            + "|Civil|10|Médecin|SM54|Médecine Générale|O|||||||||||||";
    /** A ward's organisational box at a CHU, FINESS 690781810, no professional. */
    static final String WARD = "ORG|cardiologie@chu-lyon.mssante.fr||||1|1690781810|Service de cardiologie"
            + "||||||||||O|CENTRE HOSPITALIER UNIVERSITAIRE DE LYON|CHU de Lyon|Bâtiment A||3||QUAI|des Célestins|"
            + "|69437 LYON CEDEX 03|69002|69|FRANCE";
    /** A pharmacist's box attached to the pharmacy's SIRET 73282932000074. */
    static final String PHARMACIST = "PER|martin.claire@pharmacien.mssante.fr|8|10000005487|810000005487|3"
            + "|373282932000074||DR|MARTIN|Claire|C|Civil|21|Pharmacien|||O|PHARMACIE MARTIN|Pharmacie du Parc|||12||R"
            + "|Pasteur||13005 MARSEILLE|13005|13|FRANCE";

    private Lines() {
    }

    /** {@code line} with column {@code index} (0-based, as in ExtractLine.HEADER) set to {@code value}. */
    static String with(String line, int index, String value) {
        String[] fields = line.split("\\|", -1);
        fields[index] = value;
        return String.join("|", fields);
    }

    static String with(String line, String column, String value) {
        return with(line, ExtractLine.HEADER.indexOf(column), value);
    }

    /** Writes the header and the lines, each followed by a newline. */
    static Path file(Path dir, String name, List<String> lines) throws IOException {
        StringBuilder content = new StringBuilder(HEADER).append('\n');
        lines.forEach(l -> content.append(l).append('\n'));
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
