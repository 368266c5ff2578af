package fr.caducee.domain.importing.extract;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

import fr.caducee.domain.identifier.Luhn;

/**
 * Writes a synthetic extract of the national directory (extraction_correspondance_mssante) at national scale, for
 * load tests and for exercising the import without real personal data. Every name, address and identifier is
 * invented; identifiers carry valid Luhn keys so that they pass the same checks as real ones.
 *
 * <p>Output depends only on the seed and the arguments. Box addresses are unique: a counter per name pair (or per
 * service and structure) numbers the homonyms, so no set of addresses is kept in memory. RPPS, FINESS and SIRET
 * numbers are unique too, derived from the line index through a bijection, so they look random without a lookup
 * (ADELI numbers, with only four free digits, may repeat).
 *
 * <p>On request some lines are made defective on purpose (see {@link Defect}); the summary says which.
 */
public final class ExtractGenerator {

    /** Size of the 2026 national extract. */
    public static final int DEFAULT_LINES = 536_000;

    /** Ways a deliberately defective line is broken. */
    public enum Defect {
        /** Last column dropped: 30 columns. */
        MISSING_COLUMN(true),
        /** A column added: 32 columns. */
        EXTRA_COLUMN(true),
        /** Empty Adresse BAL. */
        EMPTY_BOX_ADDRESS(true),
        /** Empty Type de BAL. */
        EMPTY_BOX_TYPE(true),
        /**
         * Wrong Luhn key in the professional's RPPS, or else the structure's identifier; structurally fine. ADELI
         * numbers have no key the directory verifies, so a line whose only identifier is an ADELI gets an RPPS with
         * a wrong key instead.
         */
        INVALID_KEY(false);

        private final boolean structural;

        Defect(boolean structural) {
            this.structural = structural;
        }

        /** Whether {@link ExtractReader} itself rejects such a line (the others need identifier checks). */
        public boolean structural() {
            return structural;
        }
    }

    /**
     * What was written.
     *
     * @param dataLines       number of lines after the header
     * @param boxTypes        lines per box type (as generated, before any defect)
     * @param professionCodes PER and CAB lines per profession code
     * @param defects         defective lines by line number in the file (the header being line 1)
     */
    public record Summary(long dataLines, Map<String, Long> boxTypes, Map<String, Long> professionCodes,
                          SortedMap<Long, Defect> defects) {
    }

    private static final String SEPARATOR = String.valueOf(ExtractLine.SEPARATOR);

    private final long seed;
    private final List<Structure> structures;
    /** Structure indices repeated by weight: a CHU has many more shared boxes than an EHPAD. */
    private final int[] weightedStructures;
    private final int[] hospitals;

    public ExtractGenerator(long seed) {
        this.seed = seed;
        this.structures = buildStructures(new SplittableRandom(seed ^ 0x5DEECE66DL));
        List<Integer> weighted = new ArrayList<>();
        List<Integer> care = new ArrayList<>();
        for (int s = 0; s < structures.size(); s++) {
            for (int w = 0; w < structures.get(s).kind.weight; w++) {
                weighted.add(s);
            }
            if (structures.get(s).kind.hospital) {
                care.add(s);
            }
        }
        this.weightedStructures = weighted.stream().mapToInt(Integer::intValue).toArray();
        this.hospitals = care.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Writes {@code lines} data lines after the header to a new file (replaced if it exists). */
    public Summary write(Path out, int lines, int invalid) throws IOException {
        try (Writer writer = new BufferedWriter(
                new OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8), 1 << 20)) {
            return write(writer, lines, invalid);
        }
    }

    /**
     * Writes the header and {@code lines} data lines, {@code invalid} of them defective. The writer is flushed, not
     * closed.
     */
    public Summary write(Writer out, int lines, int invalid) throws IOException {
        if (lines < 0 || invalid < 0 || invalid > lines) {
            throw new IllegalArgumentException("need 0 <= invalid <= lines, got lines=" + lines + ", invalid="
                    + invalid);
        }
        return new Run(out, lines, invalid).execute();
    }

    /** State of one write: its own random sequence and homonym counters, so repeated writes are identical. */
    private final class Run {
        private final Writer out;
        private final int lines;
        private final int invalid;
        private final SplittableRandom random = new SplittableRandom(seed);
        private final long offset = Math.floorMod(seed * 0x9E3779B97F4A7C15L, 1_000_000_000L);
        private final String[] f = new String[ExtractLine.COLUMN_COUNT];
        private final StringBuilder buffer = new StringBuilder(1 << 20);
        private final StringBuilder scratch = new StringBuilder(64);
        private final int[] personHomonyms = new int[Names.PERSON_LAST_NAMES * Names.FIRST.length];
        private final int[] practiceHomonyms = new int[Names.LAST.length * Places.CITIES.length];
        private final int[] serviceHomonyms = new int[structures.size() * Services.MAX_PER_KIND];
        private final long[] typeCounts = new long[BoxType.values().length];
        private final long[] professionCounts = new long[Profession.values().length];

        Run(Writer out, int lines, int invalid) {
            this.out = out;
            this.lines = lines;
            this.invalid = invalid;
        }

        Summary execute() throws IOException {
            BitSet defective = pickDefectiveLines();
            SortedMap<Long, Defect> defects = new TreeMap<>();
            Defect[] kinds = Defect.values();
            buffer.append(String.join(SEPARATOR, ExtractLine.HEADER)).append('\n');
            int defectCount = 0;
            for (int i = 0; i < lines; i++) {
                generate(i);
                if (defective.get(i)) {
                    Defect defect = kinds[defectCount++ % kinds.length];
                    defects.put(i + 2L, defect);
                    appendDefective(defect, i);
                } else {
                    appendFields();
                }
                if (buffer.length() >= (1 << 20) - 4096) {
                    flushBuffer();
                }
            }
            flushBuffer();
            out.flush();
            return summary(defects);
        }

        private BitSet pickDefectiveLines() {
            BitSet picked = new BitSet(lines);
            // Drawn from a separate sequence so that asking for defects does not change the other lines.
            SplittableRandom draw = new SplittableRandom(seed ^ 0xDEFEC7L);
            int count = 0;
            while (count < invalid) {
                int line = draw.nextInt(lines);
                if (!picked.get(line)) {
                    picked.set(line);
                    count++;
                }
            }
            return picked;
        }

        private void flushBuffer() throws IOException {
            out.write(buffer.toString());
            buffer.setLength(0);
        }

        private void appendFields() {
            for (int c = 0; c < f.length; c++) {
                if (c > 0) {
                    buffer.append(ExtractLine.SEPARATOR);
                }
                buffer.append(f[c]);
            }
            buffer.append('\n');
        }

        private void appendDefective(Defect defect, int i) {
            switch (defect) {
                case MISSING_COLUMN:
                    f[ExtractLine.COLUMN_COUNT - 1] = null;
                    break;
                case EXTRA_COLUMN:
                    f[ExtractLine.COLUMN_COUNT - 1] = f[ExtractLine.COLUMN_COUNT - 1] + SEPARATOR + "FR";
                    break;
                case EMPTY_BOX_ADDRESS:
                    f[1] = "";
                    break;
                case EMPTY_BOX_TYPE:
                    f[0] = "";
                    break;
                case INVALID_KEY:
                    if (f[2].equals("8")) {
                        f[3] = breakKey(f[3]);
                        f[4] = f[2] + f[3];
                    } else if (!f[6].isEmpty()) {
                        f[6] = breakKey(f[6]);
                    } else {
                        f[2] = "8";
                        f[3] = breakKey(rpps(i));
                        f[4] = f[2] + f[3];
                    }
                    break;
                default:
                    throw new AssertionError(defect);
            }
            for (int c = 0; c < f.length && f[c] != null; c++) {
                if (c > 0) {
                    buffer.append(ExtractLine.SEPARATOR);
                }
                buffer.append(f[c]);
            }
            buffer.append('\n');
        }

        private Summary summary(SortedMap<Long, Defect> defects) {
            Map<String, Long> types = new TreeMap<>();
            for (BoxType type : BoxType.values()) {
                types.put(type.name(), typeCounts[type.ordinal()]);
            }
            Map<String, Long> professions = new TreeMap<>();
            for (Profession p : Profession.values()) {
                professions.put(p.code, professionCounts[p.ordinal()]);
            }
            return new Summary(lines, Collections.unmodifiableMap(types), Collections.unmodifiableMap(professions),
                    Collections.unmodifiableSortedMap(defects));
        }

        /** Fills {@link #f} with line {@code i}. */
        private void generate(int i) {
            int draw = random.nextInt(100);
            BoxType type = draw < 70 ? BoxType.PER : draw < 85 ? BoxType.ORG : draw < 95 ? BoxType.APP : BoxType.CAB;
            typeCounts[type.ordinal()]++;
            Arrays.fill(f, "");
            f[0] = type.name();
            f[17] = random.nextInt(100) < 93 ? "O" : "N";
            switch (type) {
                case PER:
                    personal(i);
                    break;
                case CAB:
                    practice(i);
                    break;
                default:
                    shared(type);
                    break;
            }
        }

        /** A nominative box: at the profession's national domain, or at a hospital. */
        private void personal(int i) {
            Profession p = Profession.pick(random.nextInt(1000));
            professionCounts[p.ordinal()]++;
            int last = personLastName();
            int first = random.nextInt(Names.FIRST.length);
            int homonym = personHomonyms[last * Names.FIRST.length + first]++;
            professional(i, p, last, first);
            boolean inHospital = p != Profession.MASSEUR_KINE && random.nextInt(100) < 25;
            if (inHospital) {
                Structure s = structures.get(hospitals[random.nextInt(hospitals.length)]);
                scratch.setLength(0);
                scratch.append(Names.FIRST_SLUGS[first]).append('.').append(Names.personLastSlug(last));
                appendHomonym(homonym);
                f[1] = scratch.append('@').append(s.domain).toString();
                if (p == Profession.MEDECIN && random.nextInt(100) < 8) {
                    f[8] = "PR";
                }
                f[7] = Services.HOSPITAL_LABELS[random.nextInt(Services.HOSPITAL_LABELS.length)];
                s.fill(f);
            } else {
                scratch.setLength(0);
                scratch.append(Names.personLastSlug(last)).append('.').append(Names.FIRST_SLUGS[first]);
                appendHomonym(homonym);
                f[1] = scratch.append('@').append(p.domain).toString();
                if (random.nextInt(100) < 60) {
                    practiceStructure(i, p, last);
                }
            }
        }

        /** A practice's shared box (CAB), under the responsibility of one of its professionals. */
        private void practice(int i) {
            Profession p = Profession.pick(random.nextInt(1000));
            professionCounts[p.ordinal()]++;
            int last = random.nextInt(Names.LAST.length);
            int first = random.nextInt(Names.FIRST.length);
            int city = random.nextInt(Places.CITIES.length);
            int homonym = practiceHomonyms[last * Places.CITIES.length + city]++;
            professional(i, p, last, first);
            scratch.setLength(0);
            scratch.append("cabinet.").append(Names.LAST_SLUGS[last]).append('.').append(Places.CITY_SLUGS[city]);
            appendHomonym(homonym);
            f[1] = scratch.append('@').append(p.domain).toString();
            practiceStructure(i, p, last, city);
        }

        /** An organisational (ORG) or applicative (APP) box of a structure. */
        private void shared(BoxType type) {
            int index = weightedStructures[random.nextInt(weightedStructures.length)];
            Structure s = structures.get(index);
            String[] locals = type == BoxType.ORG ? s.kind.services : s.kind.applications;
            int service = random.nextInt(locals.length);
            int slot = type == BoxType.ORG ? service : Services.MAX_PER_KIND / 2 + service;
            int homonym = serviceHomonyms[index * Services.MAX_PER_KIND + slot]++;
            scratch.setLength(0);
            scratch.append(locals[service]);
            if (homonym > 0) {
                // Second box of the same service: a site or team number.
                scratch.append('-').append(homonym + 1);
            }
            f[1] = scratch.append('@').append(s.domain).toString();
            if (type == BoxType.ORG && s.kind.hospital) {
                f[7] = Services.HOSPITAL_LABELS[service % Services.HOSPITAL_LABELS.length];
            }
            s.fill(f);
        }

        private int personLastName() {
            // Some compound names ("MARTIN-DUBOIS"): more distinct people, fewer numbered addresses.
            if (random.nextInt(100) < 15) {
                return Names.LAST.length + random.nextInt(Names.LAST.length * Names.LAST.length);
            }
            return random.nextInt(Names.LAST.length);
        }

        private void appendHomonym(int homonym) {
            if (homonym > 0) {
                scratch.append(homonym + 1);
            }
        }

        /** Professional columns: identifier, name, profession, specialty. */
        private void professional(int i, Profession p, int last, int first) {
            if (p.adeliAllowed && random.nextInt(100) < 12) {
                // Professions not yet (fully) in RPPS keep their ADELI number: dept, profession, order, key.
                long body = Places.DEPARTMENTS[random.nextInt(Places.DEPARTMENTS.length)] * 1_000_000L
                        + Long.parseLong(p.code) * 10_000L + permute(i, 10_000L);
                f[2] = "0";
                f[3] = withLuhnKey(body, 8);
            } else {
                f[2] = "8";
                f[3] = rpps(i);
            }
            f[4] = f[2] + f[3];
            f[8] = p.title;
            f[9] = Names.personLastDisplay(last);
            f[10] = Names.FIRST[first];
            int category = random.nextInt(1000);
            if (category < 970) {
                f[11] = "C";
                f[12] = "Civil";
            } else if (category < 985) {
                f[11] = "M";
                f[12] = "Militaire";
            } else {
                f[11] = "E";
                f[12] = "Etudiant";
            }
            f[13] = p.code;
            f[14] = p.label;
            if (p.specialties.length > 0 && random.nextInt(100) < p.specialtyPercent) {
                String[] specialty = p.specialties[random.nextInt(p.specialties.length)];
                f[15] = specialty[0];
                f[16] = specialty[1];
            }
        }

        private void practiceStructure(int i, Profession p, int last) {
            practiceStructure(i, p, last >= Names.LAST.length ? (last - Names.LAST.length) / Names.LAST.length
                    : last, random.nextInt(Places.CITIES.length));
        }

        /** A private practice, identified by SIRET, somewhere in {@code city}. */
        private void practiceStructure(int i, Profession p, int last, int city) {
            f[5] = "3";
            f[6] = "3" + siret(i);
            f[18] = p.practiceName + " " + Names.LAST_DISPLAY[last];
            Places.street(random, city, f);
        }

        /** RPPS of line {@code i}: 10 digits starting with 1, then the key; idNat prefixes the type 8. */
        private String rpps(int i) {
            return withLuhnKey(1_000_000_000L + permute(i, 1_000_000_000L), 10);
        }

        /** 14-digit SIRET whose SIREN (first 9 digits) and whole number both have valid Luhn keys. */
        private String siret(int i) {
            // Below 90,000,000: the range above is left to laboratories.
            String siren = withLuhnKey(10_000_000L + permute(i, 80_000_000L), 8);
            long nic = 1 + random.nextInt(30);
            long prefix = Long.parseLong(siren) * 10_000L + nic;
            return withLuhnKey(prefix, 13);
        }

        /** Spreads line indexes over [0, modulus) without collisions (the multiplier is prime to 2 and 5). */
        private long permute(int i, long modulus) {
            return Math.floorMod(i * 738_219_401L + offset, modulus);
        }
    }

    private enum BoxType { PER, ORG, APP, CAB }

    private enum Profession {
        MEDECIN("10", "Médecin", "medecin.mssante.fr", 360, "DR", false, "CABINET MEDICAL", 70, new String[][] {
            {"SM54", "Médecine Générale"}, {"SM04", "Cardiologie et maladies vasculaires"},
            {"SM02", "Anesthésie-réanimation"}, {"SM15", "Dermatologie et vénéréologie"},
            {"SM19", "Gynécologie-obstétrique"}, {"SM40", "Pédiatrie"}, {"SM42", "Psychiatrie"},
            {"SM44", "Radio-diagnostic"}, {"SM13", "Chirurgie orthopédique et traumatologie"},
            {"SM53", "Médecine d'urgence"}, {"SM38", "Ophtalmologie"}, {"SM47", "Rhumatologie"}}),
        PHARMACIEN("21", "Pharmacien", "pharmacien.mssante.fr", 140, "DR", false, "PHARMACIE", 0,
                new String[0][]),
        INFIRMIER("60", "Infirmier", "infirmier.mssante.fr", 280, "", true, "CABINET INFIRMIER", 0,
                new String[0][]),
        CHIRURGIEN_DENTISTE("40", "Chirurgien-Dentiste", "chirurgien-dentiste.mssante.fr", 80, "DR", false,
                "CABINET DENTAIRE", 15, new String[][] {{"SCD01", "Orthopédie dento-faciale"},
                    {"SCD02", "Chirurgie orale"}}),
        SAGE_FEMME("50", "Sage-Femme", "sage-femme.mssante.fr", 40, "", false, "CABINET DE SAGE-FEMME", 0,
                new String[0][]),
        MASSEUR_KINE("70", "Masseur-Kinésithérapeute", "masseur-kinesitherapeute.mssante.fr", 100, "", true,
                "CABINET DE KINESITHERAPIE", 0, new String[0][]);

        final String code;
        final String label;
        final String domain;
        final int perMille;
        final String title;
        final boolean adeliAllowed;
        final String practiceName;
        final int specialtyPercent;
        final String[][] specialties;

        Profession(String code, String label, String domain, int perMille, String title, boolean adeliAllowed,
                   String practiceName, int specialtyPercent, String[][] specialties) {
            this.code = code;
            this.label = label;
            this.domain = domain;
            this.perMille = perMille;
            this.title = title;
            this.adeliAllowed = adeliAllowed;
            this.practiceName = practiceName;
            this.specialtyPercent = specialtyPercent;
            this.specialties = specialties;
        }

        static Profession pick(int perMilleDraw) {
            int cumulated = 0;
            for (Profession p : values()) {
                cumulated += p.perMille;
                if (perMilleDraw < cumulated) {
                    return p;
                }
            }
            return MEDECIN;
        }
    }

    private enum StructureKind {
        CHU("CENTRE HOSPITALIER UNIVERSITAIRE DE ", "CHU de ", "chu-", 12, true, Services.HOSPITAL,
                Services.HOSPITAL_APPS),
        CH("CENTRE HOSPITALIER DE ", "CH de ", "ch-", 4, true, Services.HOSPITAL, Services.HOSPITAL_APPS),
        CLINIC("", "", "", 2, true, Services.HOSPITAL, Services.HOSPITAL_APPS),
        NURSING_HOME("", "", "", 1, false, Services.NURSING_HOME, Services.NURSING_HOME_APPS),
        LABORATORY("SELAS ", "", "", 2, false, Services.LABORATORY, Services.LABORATORY_APPS),
        HEALTH_CENTRE("CENTRE DE SANTE MUNICIPAL DE ", "Centre de santé de ", "cds-", 1, false,
                Services.HEALTH_CENTRE, Services.HEALTH_CENTRE_APPS);

        final String legalPrefix;
        final String tradePrefix;
        final String domainPrefix;
        final int weight;
        final boolean hospital;
        final String[] services;
        final String[] applications;

        StructureKind(String legalPrefix, String tradePrefix, String domainPrefix, int weight, boolean hospital,
                      String[] services, String[] applications) {
            this.legalPrefix = legalPrefix;
            this.tradePrefix = tradePrefix;
            this.domainPrefix = domainPrefix;
            this.weight = weight;
            this.hospital = hospital;
            this.services = services;
            this.applications = applications;
        }
    }

    /** A structure with its own domain; its 15 structure columns are computed once. */
    private static final class Structure {
        final StructureKind kind;
        final String domain;
        final String[] columns = new String[15];

        Structure(StructureKind kind, String domain) {
            this.kind = kind;
            this.domain = domain;
        }

        void fill(String[] f) {
            f[5] = columns[0];
            f[6] = columns[1];
            System.arraycopy(columns, 2, f, 18, 13);
        }
    }

    private static List<Structure> buildStructures(SplittableRandom random) {
        List<Structure> list = new ArrayList<>();
        Set<String> domains = new HashSet<>();
        int finessSequence = 0;
        for (int c = 0; c < Places.CITIES.length; c++) {
            String city = Places.CITIES[c][0];
            String slug = Places.CITY_SLUGS[c];
            String upper = Names.upper(city);
            if (c < Places.UNIVERSITY_CITIES) {
                list.add(structure(StructureKind.CHU, StructureKind.CHU.legalPrefix + upper,
                        StructureKind.CHU.tradePrefix + city, "chu-" + slug, c, random, finessSequence++));
            }
            list.add(structure(StructureKind.CH, StructureKind.CH.legalPrefix + upper,
                    StructureKind.CH.tradePrefix + city, "ch-" + slug, c, random, finessSequence++));
            int firstClinic = random.nextInt(Names.CLINICS.length);
            for (int k = 0; k < 2; k++) {
                String name = Names.CLINICS[(firstClinic + k * 5) % Names.CLINICS.length];
                list.add(structure(StructureKind.CLINIC, Names.upper(name), name,
                        Names.slug(name) + "-" + slug, c, random, finessSequence++));
            }
            int firstHome = random.nextInt(Names.NURSING_HOMES.length);
            for (int k = 0; k < 2; k++) {
                String name = Names.NURSING_HOMES[(firstHome + k * 3) % Names.NURSING_HOMES.length];
                list.add(structure(StructureKind.NURSING_HOME, Names.upper(name), name,
                        Names.slug(name) + "-" + slug, c, random, finessSequence++));
            }
            String lab = Names.LABORATORIES[random.nextInt(Names.LABORATORIES.length)];
            Structure laboratory = structure(StructureKind.LABORATORY, "SELAS " + Names.upper(lab) + " " + upper,
                    lab + " " + city, Names.slug(lab) + "-" + slug, c, random, finessSequence++);
            // Laboratories are companies here: SIRET rather than FINESS.
            laboratory.columns[0] = "3";
            laboratory.columns[1] = "3" + withLuhnKey(
                    Long.parseLong(withLuhnKey(90_000_000L + c * 7919L, 8)) * 10_000L + 1, 13);
            list.add(laboratory);
            list.add(structure(StructureKind.HEALTH_CENTRE, StructureKind.HEALTH_CENTRE.legalPrefix + upper,
                    StructureKind.HEALTH_CENTRE.tradePrefix + city, "cds-" + slug, c, random, finessSequence++));
        }
        for (Structure s : list) {
            if (!domains.add(s.domain)) {
                throw new IllegalStateException("duplicate structure domain " + s.domain);
            }
        }
        return List.copyOf(list);
    }

    private static Structure structure(StructureKind kind, String legalName, String tradeName, String domainLabel,
                                       int city, SplittableRandom random, int sequence) {
        Structure s = new Structure(kind, domainLabel + ".mssante.fr");
        String department = Places.CITIES[city][2];
        // FINESS: department, then a sequence, then the key.
        long body = Long.parseLong(department) * 1_000_000L + 100_000L + sequence;
        s.columns[0] = "1";
        s.columns[1] = "1" + withLuhnKey(body, 8);
        String[] f = new String[ExtractLine.COLUMN_COUNT];
        Arrays.fill(f, "");
        Places.street(random, city, f);
        f[18] = legalName;
        f[19] = tradeName;
        System.arraycopy(f, 18, s.columns, 2, 13);
        return s;
    }

    /** {@code body} on {@code digits} digits (zero-padded) followed by its Luhn key. */
    static String withLuhnKey(long body, int digits) {
        String payload = Long.toString(body);
        return Luhn.withCheckDigit("0".repeat(digits - payload.length()) + payload);
    }

    /** The same digits with the last (the key) changed, which always breaks a Luhn check. */
    static String breakKey(String identifier) {
        int last = identifier.length() - 1;
        char key = identifier.charAt(last);
        return identifier.substring(0, last) + (char) ('0' + (key - '0' + 1) % 10);
    }

    /** Invented French names; slugs are computed once, never in the generation loop. */
    private static final class Names {
        static final String[] LAST = {
            "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
            "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard",
            "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Lefèvre", "Faure",
            "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand",
            "Gauthier", "Garcia", "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu",
            "Gautier", "Masson", "Marchand", "Duval", "Denis", "Dumont", "Marie", "Lemaire", "Noël", "Meyer",
            "Dufour", "Meunier", "Brun", "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard",
            "Barbier", "Arnaud", "Martinez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin",
            "Vidal", "Caron", "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix",
            "Olivier", "Philippe", "Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc", "Payet", "Rolland",
            "Guillaume", "Lecomte", "Lopez", "Dupuy", "Guillot", "Hubert", "Berger", "Carpentier", "Sanchez",
            "Dupuis", "Moulin", "Louis", "Deschamps", "Huet", "Vasseur", "Perez", "Boucher", "Fleury", "Royer",
            "Klein", "Jacquet", "Adam", "Poirier", "Marty", "Aubry", "Guyot", "Carré", "Charles", "Renault",
            "Charpentier", "Ménard", "Maillard", "Baron", "Bertin", "Bailly", "Hervé", "Schneider", "Fernandez",
            "Le Gall", "Collet", "Léger", "Bouvier", "Julien", "Prévost", "Millet", "Perrot", "Le Roux", "Cousin",
            "Germain", "Breton", "Besson", "Langlois", "Le Goff", "Pelletier", "Lévêque", "Perrier", "Leblanc",
            "Barré", "Lebrun", "Weber", "Hamon", "Boulanger", "Jacob", "Monnier", "Michaud", "Rodriguez",
            "Gillet", "Étienne", "Grondin", "Tessier", "Collin", "Da Silva", "Lemaître", "Humbert", "Hoarau",
            "N'Diaye", "Nguyen", "Benali", "Kaya", "Diallo", "Haddad"};
        static final String[] FIRST = {
            "Jean", "Marie", "Pierre", "Nathalie", "Michel", "Isabelle", "Philippe", "Sylvie", "Alain",
            "Catherine", "Nicolas", "Françoise", "Christophe", "Sandrine", "Stéphane", "Valérie", "Laurent",
            "Christine", "Frédéric", "Céline", "Olivier", "Sophie", "Éric", "Stéphanie", "Sébastien", "Véronique",
            "David", "Thierry", "Aurélie", "Julien", "Caroline", "Patrick", "Émilie", "Vincent", "Julie", "Thomas",
            "Camille", "Antoine", "Élodie", "Maxime", "Laura", "Alexandre", "Pauline", "Guillaume", "Claire",
            "Romain", "Anne", "Mathieu", "Hélène", "François", "Agnès", "Jean-Pierre", "Marie-Claire", "Jean-Luc",
            "Anne-Sophie", "Pierre-Yves", "Marie-Hélène", "Hugo", "Léa", "Lucas", "Chloé", "Louis", "Manon",
            "Arthur", "Inès", "Gabriel", "Jade", "Raphaël", "Louise", "Paul", "Zoé", "Benoît", "Delphine", "Cédric",
            "Virginie", "Fabrice", "Karine", "Yannick", "Laetitia", "Jérôme", "Magali", "Bruno", "Corinne",
            "Didier", "Martine", "Gilles", "Brigitte", "Hervé", "Dominique", "Pascal", "Chantal", "Emmanuel",
            "Mélanie", "Damien", "Marion", "Arnaud", "Audrey", "Benjamin", "Charlotte", "Quentin", "Mathilde",
            "Clément", "Margaux", "Yasmine", "Karim", "Mehdi", "Fatima", "Nadia", "Samir", "Minh", "Aïcha"};
        static final String[] CLINICS = {
            "Clinique Saint-Joseph", "Clinique du Parc", "Clinique Sainte-Anne", "Clinique des Cèdres",
            "Polyclinique du Sud", "Clinique Pasteur", "Clinique Saint-Georges", "Clinique de l'Espérance",
            "Clinique Sainte-Thérèse", "Polyclinique des Alpes", "Clinique du Millénaire", "Clinique Bon Secours"};
        static final String[] NURSING_HOMES = {
            "EHPAD Les Tilleuls", "EHPAD Le Clos Fleuri", "EHPAD Les Glycines", "EHPAD Résidence du Lac",
            "EHPAD Les Jardins d'Automne", "EHPAD La Roseraie", "EHPAD Les Charmilles", "EHPAD Le Bois Joli"};
        static final String[] LABORATORIES = {"Biopôle", "Bio Santé", "Cerballiance", "Labo Analyses",
            "Synerbio", "Biomédical"};

        static final String[] LAST_SLUGS = slugs(LAST);
        static final String[] LAST_DISPLAY = upper(LAST);
        static final String[] FIRST_SLUGS = slugs(FIRST);
        /** Simple names, then every ordered pair of them as a compound name. */
        static final int PERSON_LAST_NAMES = LAST.length + LAST.length * LAST.length;

        static {
            requireDistinct(LAST_SLUGS);
            requireDistinct(FIRST_SLUGS);
        }

        static String personLastSlug(int index) {
            if (index < LAST.length) {
                return LAST_SLUGS[index];
            }
            int pair = index - LAST.length;
            return LAST_SLUGS[pair / LAST.length] + "-" + LAST_SLUGS[pair % LAST.length];
        }

        static String personLastDisplay(int index) {
            if (index < LAST.length) {
                return LAST_DISPLAY[index];
            }
            int pair = index - LAST.length;
            return LAST_DISPLAY[pair / LAST.length] + "-" + LAST_DISPLAY[pair % LAST.length];
        }

        /** ASCII, lower-case, hyphens for spaces, no apostrophes: usable in an address or a domain. */
        static String slug(String name) {
            String ascii = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
            return ascii.toLowerCase(Locale.ROOT).replace("'", "").replace(' ', '-');
        }

        static String upper(String name) {
            return name.toUpperCase(Locale.ROOT);
        }

        private static String[] slugs(String[] names) {
            String[] out = new String[names.length];
            for (int i = 0; i < names.length; i++) {
                out[i] = slug(names[i]);
            }
            return out;
        }

        private static String[] upper(String[] names) {
            String[] out = new String[names.length];
            for (int i = 0; i < names.length; i++) {
                out[i] = upper(names[i]);
            }
            return out;
        }

        private static void requireDistinct(String[] slugs) {
            // Distinct slugs are what makes the homonym counters enough for unique addresses.
            Set<String> seen = new HashSet<>();
            for (String s : slugs) {
                if (!seen.add(s)) {
                    throw new IllegalStateException("two names give the address part " + s);
                }
            }
        }
    }

    /** Local parts of shared boxes, by kind of structure. */
    private static final class Services {
        static final String[] HOSPITAL = {"cardiologie", "urgences", "pediatrie", "radiologie", "maternite",
            "oncologie", "neurologie", "pneumologie", "geriatrie", "psychiatrie", "chirurgie-orthopedique",
            "soins-palliatifs", "reanimation", "nephrologie", "gastro-enterologie", "urologie", "ophtalmologie",
            "orl", "secretariat-medical", "pharmacie", "dim", "consultations-externes", "hopital-de-jour",
            "bloc-operatoire", "endocrinologie", "dermatologie", "medecine-interne", "infectiologie",
            "rhumatologie", "gynecologie"};
        static final String[] HOSPITAL_LABELS = {"Service de cardiologie", "Service des urgences",
            "Service de pédiatrie", "Service de radiologie", "Maternité", "Service d'oncologie",
            "Service de neurologie", "Service de pneumologie", "Service de gériatrie", "Service de psychiatrie",
            "Chirurgie orthopédique", "Unité de soins palliatifs", "Réanimation", "Service de néphrologie",
            "Service de gastro-entérologie", "Service d'urologie", "Service d'ophtalmologie", "Service ORL",
            "Secrétariat médical", "Pharmacie à usage intérieur", "Département d'information médicale",
            "Consultations externes", "Hôpital de jour", "Bloc opératoire", "Service d'endocrinologie",
            "Service de dermatologie", "Médecine interne", "Service des maladies infectieuses",
            "Service de rhumatologie", "Service de gynécologie"};
        static final String[] HOSPITAL_APPS = {"dpi", "resultats-labo", "imagerie-cr", "lettres-sortie",
            "notification-urgences", "pmsi", "dmp-connecteur", "noreply"};
        static final String[] NURSING_HOME = {"infirmerie", "medecin-coordonnateur", "direction", "accueil",
            "cadre-de-sante"};
        static final String[] NURSING_HOME_APPS = {"dlu", "dossier-resident"};
        static final String[] LABORATORY = {"secretariat", "biologistes", "prelevements", "qualite"};
        static final String[] LABORATORY_APPS = {"resultats", "sil", "comptes-rendus"};
        static final String[] HEALTH_CENTRE = {"accueil", "medecins", "infirmiers", "coordination"};
        static final String[] HEALTH_CENTRE_APPS = {"agenda", "logiciel-cds"};
        /** Room per structure in the homonym counters: services, then applications from the middle. */
        static final int MAX_PER_KIND = 64;
    }

    /** Towns and streets; all invented addresses, real town names and postal codes. */
    private static final class Places {
        /** Name, postal code, department. The first {@link #UNIVERSITY_CITIES} have a CHU. */
        static final String[][] CITIES = {
            {"Paris", "75013", "75"}, {"Lyon", "69003", "69"}, {"Marseille", "13005", "13"},
            {"Toulouse", "31059", "31"}, {"Nice", "06000", "06"}, {"Nantes", "44093", "44"},
            {"Montpellier", "34295", "34"}, {"Strasbourg", "67091", "67"}, {"Bordeaux", "33076", "33"},
            {"Lille", "59037", "59"}, {"Rennes", "35033", "35"}, {"Reims", "51092", "51"},
            {"Saint-Étienne", "42055", "42"}, {"Grenoble", "38043", "38"}, {"Dijon", "21079", "21"},
            {"Angers", "49933", "49"}, {"Nîmes", "30029", "30"}, {"Clermont-Ferrand", "63003", "63"},
            {"Brest", "29609", "29"}, {"Tours", "37044", "37"}, {"Amiens", "80054", "80"},
            {"Limoges", "87042", "87"}, {"Besançon", "25030", "25"}, {"Rouen", "76031", "76"},
            {"Caen", "14033", "14"}, {"Nancy", "54035", "54"}, {"Poitiers", "86021", "86"},
            {"Toulon", "83000", "83"}, {"Le Havre", "76600", "76"}, {"Villeurbanne", "69100", "69"},
            {"Le Mans", "72000", "72"}, {"Aix-en-Provence", "13100", "13"}, {"Annecy", "74000", "74"},
            {"Perpignan", "66000", "66"}, {"Metz", "57000", "57"}, {"Orléans", "45000", "45"},
            {"Mulhouse", "68100", "68"}, {"Argenteuil", "95100", "95"}, {"Saint-Denis", "93200", "93"},
            {"Montreuil", "93100", "93"}, {"Roubaix", "59100", "59"}, {"Tourcoing", "59200", "59"},
            {"Avignon", "84000", "84"}, {"Pau", "64000", "64"}, {"La Rochelle", "17000", "17"},
            {"Calais", "62100", "62"}, {"Cannes", "06400", "06"}, {"Béziers", "34500", "34"},
            {"Colmar", "68000", "68"}, {"Bourges", "18000", "18"}, {"Quimper", "29000", "29"},
            {"Valence", "26000", "26"}, {"Troyes", "10000", "10"}, {"Chambéry", "73000", "73"},
            {"Niort", "79000", "79"}, {"Lorient", "56100", "56"}, {"Vannes", "56000", "56"},
            {"Chartres", "28000", "28"}, {"Laval", "53000", "53"}, {"Cholet", "49300", "49"},
            {"Saint-Brieuc", "22000", "22"}, {"Bayonne", "64100", "64"}, {"Arras", "62000", "62"},
            {"Périgueux", "24000", "24"}, {"Albi", "81000", "81"}, {"Carcassonne", "11000", "11"},
            {"Auxerre", "89000", "89"}, {"Blois", "41000", "41"}, {"Évreux", "27000", "27"},
            {"Agen", "47000", "47"}, {"Montauban", "82000", "82"}, {"Mâcon", "71000", "71"}};
        static final int UNIVERSITY_CITIES = 27;
        static final String[] CITY_SLUGS = new String[CITIES.length];
        static final String[] DELIVERY_LINES = new String[CITIES.length];
        static final int[] DEPARTMENTS = new int[CITIES.length];
        static final String[][] STREETS = {
            {"R", "de la République"}, {"AV", "du Général de Gaulle"}, {"BD", "Victor Hugo"},
            {"R", "Jean Jaurès"}, {"R", "Pasteur"}, {"AV", "du Maréchal Foch"}, {"R", "Gambetta"},
            {"PL", "de la Mairie"}, {"R", "de la Gare"}, {"R", "des Écoles"}, {"BD", "Carnot"},
            {"R", "de Verdun"}, {"AV", "de la Liberté"}, {"R", "Émile Zola"}, {"ALL", "des Lilas"},
            {"CHE", "du Moulin"}, {"R", "Saint-Jacques"}, {"R", "de la Paix"}, {"RTE", "Nationale"},
            {"ALL", "des Tilleuls"}, {"R", "Jules Ferry"}, {"AV", "Anatole France"}, {"R", "du 8 Mai 1945"},
            {"BD", "Aristide Briand"}, {"PL", "Clemenceau"}, {"R", "des Acacias"}, {"IMP", "du Stade"},
            {"R", "de l'Hôpital"}, {"R", "Paul Bert"}, {"QUAI", "Voltaire"}, {"AV", "Jean Moulin"},
            {"CRS", "Lamartine"}, {"SQ", "Molière"}, {"FG", "Saint-Michel"}, {"R", "du Château"}};
        static final String[] LOCATION_COMPLEMENTS = {"Bâtiment A", "Bâtiment B", "Résidence Les Jardins",
            "2ème étage", "Hall B", "Pôle santé", "Maison de santé pluriprofessionnelle"};
        static final String[] PLACE_NAMES = {"Lieu-dit Les Granges", "ZA du Parc", "Quartier Saint-Roch",
            "Le Bourg"};

        static {
            for (int c = 0; c < CITIES.length; c++) {
                CITY_SLUGS[c] = Names.slug(CITIES[c][0]);
                DELIVERY_LINES[c] = CITIES[c][1] + " " + Names.upper(CITIES[c][0]);
                DEPARTMENTS[c] = Integer.parseInt(CITIES[c][2]);
            }
            Names.requireDistinct(CITY_SLUGS);
        }

        /** Fills the address columns (L2 to country) with an address in {@code city}. */
        static void street(SplittableRandom random, int city, String[] f) {
            f[20] = random.nextInt(100) < 15 ? LOCATION_COMPLEMENTS[random.nextInt(LOCATION_COMPLEMENTS.length)] : "";
            f[21] = random.nextInt(100) < 5 ? "BP " + (1 + random.nextInt(900)) : "";
            f[22] = Integer.toString(1 + random.nextInt(180));
            int suffix = random.nextInt(100);
            f[23] = suffix < 4 ? "B" : suffix < 5 ? "T" : "";
            String[] street = STREETS[random.nextInt(STREETS.length)];
            f[24] = street[0];
            f[25] = street[1];
            f[26] = random.nextInt(100) < 3 ? PLACE_NAMES[random.nextInt(PLACE_NAMES.length)] : "";
            f[27] = DELIVERY_LINES[city];
            f[28] = CITIES[city][1];
            f[29] = CITIES[city][2];
            f[30] = "FRANCE";
        }
    }

    /**
     * Command line: {@code --lines N --seed S --invalid K --out FILE}; only {@code --out} is required.
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        int lines = DEFAULT_LINES;
        long seed = 1L;
        int invalid = 0;
        Path file = null;
        try {
            for (int a = 0; a < args.length; a++) {
                String option = args[a];
                if (a + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + option);
                }
                String value = args[++a];
                switch (option) {
                    case "--lines":
                        lines = Integer.parseInt(value);
                        break;
                    case "--seed":
                        seed = Long.parseLong(value);
                        break;
                    case "--invalid":
                        invalid = Integer.parseInt(value);
                        break;
                    case "--out":
                        file = Path.of(value);
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option " + option);
                }
            }
            if (file == null) {
                throw new IllegalArgumentException("--out is required");
            }
            if (lines < 0 || invalid < 0 || invalid > lines) {
                throw new IllegalArgumentException("need 0 <= --invalid <= --lines");
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println("usage: ExtractGenerator --out FILE [--lines N (default " + DEFAULT_LINES
                    + ")] [--seed S (default 1)] [--invalid K (default 0)]");
            return 2;
        }
        long start = System.nanoTime();
        try {
            Summary summary = new ExtractGenerator(seed).write(file, lines, invalid);
            long millis = (System.nanoTime() - start) / 1_000_000;
            out.printf(Locale.ROOT, "wrote %d lines (%d defective) to %s in %d ms; box types %s%n",
                    summary.dataLines(), summary.defects().size(), file, millis, summary.boxTypes());
            return 0;
        } catch (IOException e) {
            err.println("error: cannot write " + file + ": " + e.getMessage());
            return 1;
        }
    }
}
