package fr.caducee.server.settings;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.apache.commons.configuration2.MapConfiguration;

import fr.caducee.server.SettingsFile;

/**
 * The server's settings, read once at start: {@code caducee.properties} of the configuration folder, then
 * {@code -Dcaducee.x=} options of the command line, which override the file for settings that are not secrets. Every
 * value is checked against {@link Setting} here, so a mistake stops the start with a sentence naming where the value
 * was written and the key; a key that is not a setting is refused with the closest one suggested.
 *
 * <p>Secrets never come from the command line (any user of the machine can read it with {@code ps}), nor from
 * {@code caducee.properties}: from a file named by a setting, readable by its owner alone, or from the environment.
 */
public final class Settings {
    public static final String FILE_NAME = "caducee.properties";
    static final String COMMAND_LINE = "the command line";
    private static final Set<PosixFilePermission> NOT_OWNER = Set.of(
        PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** The listeners that take mail, logins or patients, bound to every interface by default but on a demo server. */
    public static final Set<Setting> DEMO_LOOPBACK = Set.copyOf(EnumSet.of(Setting.MX_BIND, Setting.SUBMISSION_BIND,
        Setting.SUBMISSIONS_BIND, Setting.IMAP_BIND, Setting.IMAPS_BIND, Setting.API_BIND, Setting.WEBMAIL_BIND));

    private final Map<Setting, String> given;
    private final Map<Setting, String> origins;
    private final Map<Setting, String> secrets;
    /** Values of the per-id settings ({@link Setting#perId()}), by their key for one id, and where each was given. */
    private final Map<String, String> givenPerId;
    private final Map<String, String> originsPerId;

    private Settings(Map<Setting, String> given, Map<Setting, String> origins, Map<Setting, String> secrets,
                     Map<String, String> givenPerId, Map<String, String> originsPerId) {
        this.given = given;
        this.origins = origins;
        this.secrets = secrets;
        this.givenPerId = givenPerId;
        this.originsPerId = originsPerId;
    }

    /** The settings of this start: the file of {@code -Dcaducee.config} (or {@code james-config/}), then the -D options. */
    public static Settings atStart() {
        return load(System.getProperties(), System.getenv());
    }

    /** The settings of the file of {@code caducee.config} in {@code commandLine}, then its other options; as a test gives them. */
    public static Settings load(Properties commandLine, Map<String, String> environment) {
        return read(commandLine, environment, problem -> {
            throw problem;
        });
    }

    /**
     * The same settings, every problem handed to {@code problems} rather than the first thrown: a value in error is
     * left out (its default stands in for it), so that what depends on it can be checked too.
     */
    public static Settings check(Properties commandLine, Map<String, String> environment,
                                 Consumer<InvalidSetting> problems) {
        return read(commandLine, environment, problems);
    }

    /** The file of the configuration folder {@code commandLine} names ({@code -Dcaducee.config}, or the default). */
    public static Path fileOf(Properties commandLine) {
        Path configDir = Path.of(commandLine.getProperty(Setting.CONFIG.key(), Setting.CONFIG.defaultValue().orElseThrow()));
        return configDir.resolve(FILE_NAME).toAbsolutePath().normalize();
    }

    private static Settings read(Properties commandLine, Map<String, String> environment,
                                 Consumer<InvalidSetting> problems) {
        Path file = fileOf(commandLine);
        Map<Setting, String> given = new EnumMap<>(Setting.class);
        Map<Setting, String> origins = new EnumMap<>(Setting.class);
        Map<String, String> givenPerId = new TreeMap<>();
        Map<String, String> originsPerId = new TreeMap<>();
        if (Files.isRegularFile(file)) {
            Properties fromFile = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                fromFile.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                problems.accept(new InvalidSetting(file.toString(), Setting.CONFIG.key(), "cannot be read ("
                    + e.getMessage() + "): every setting takes its default", "cannot read " + file + ": " + e.getMessage()));
            }
            for (String key : new TreeSet<>(fromFile.stringPropertyNames())) {
                try {
                    if (Setting.perIdWithKey(key).isPresent()) {
                        givenPerId.put(key, fromFile.getProperty(key).strip());
                        originsPerId.put(key, file.toString());
                        continue;
                    }
                    Setting setting = known(file.toString(), key);
                    if (setting == Setting.CONFIG) {
                        throw new InvalidSetting(file.toString(), key, "cannot be set in the file it locates: "
                            + "give -D" + key + "=<folder> on the command line (scripts/run: CADUCEE_CONFIG)");
                    }
                    if (setting.kind() == Setting.Kind.SECRET) {
                        throw new InvalidSetting(file.toString(), key, "is a secret and cannot be written in "
                            + FILE_NAME + ": " + whereSecretsGo(setting));
                    }
                    given.put(setting, fromFile.getProperty(key).strip());
                    origins.put(setting, file.toString());
                } catch (InvalidSetting problem) {
                    problems.accept(problem);
                }
            }
        }
        for (String key : new TreeSet<>(commandLine.stringPropertyNames())) {
            if (!key.startsWith("caducee.")) {
                continue;
            }
            try {
                if (Setting.perIdWithKey(key).isPresent()) {
                    givenPerId.put(key, commandLine.getProperty(key).strip());
                    originsPerId.put(key, COMMAND_LINE);
                    continue;
                }
                Optional<Setting> setting = Setting.withKey(key);
                if (setting.map(s -> s.kind() == Setting.Kind.SECRET).orElse(looksSecret(key))) {
                    String sentence = "a secret there can be read by any user of the machine (ps); "
                        + setting.map(Settings::whereSecretsGo)
                        .orElse("put it in a file readable only by the server's account, or in the environment");
                    throw new InvalidSetting(COMMAND_LINE, key, sentence, "-D" + key + " on the command line: " + sentence);
                }
                Setting known = known(COMMAND_LINE, key);
                given.put(known, commandLine.getProperty(key).strip());
                origins.put(known, COMMAND_LINE);
            } catch (InvalidSetting problem) {
                problems.accept(problem);
            }
        }
        Settings settings = new Settings(given, origins, new EnumMap<>(Setting.class), givenPerId, originsPerId);
        settings.checkAll(problems);
        settings.readSecrets(environment, problems);
        return settings;
    }

    /** Settings given directly, as a test gives them. */
    public static Settings of(Map<Setting, String> values) {
        return of(values, Map.of());
    }

    /** Settings given directly, with values of per-id settings by their key for one id, as a test gives them. */
    public static Settings of(Map<Setting, String> values, Map<String, String> perId) {
        Map<Setting, String> given = new EnumMap<>(Setting.class);
        Map<Setting, String> origins = new EnumMap<>(Setting.class);
        Map<Setting, String> secrets = new EnumMap<>(Setting.class);
        values.forEach((setting, value) -> {
            if (setting.perId()) {
                throw new IllegalArgumentException(setting.key() + " is given per id: give it by its key for one id");
            }
            (setting.kind() == Setting.Kind.SECRET ? secrets : given).put(setting, value);
            origins.put(setting, "the given settings");
        });
        Map<String, String> givenPerId = new TreeMap<>();
        Map<String, String> originsPerId = new TreeMap<>();
        perId.forEach((key, value) -> {
            if (Setting.perIdWithKey(key).isEmpty()) {
                throw new IllegalArgumentException(key + " is not a per-id setting of Caducée");
            }
            givenPerId.put(key, value);
            originsPerId.put(key, "the given settings");
        });
        Settings settings = new Settings(given, origins, secrets, givenPerId, originsPerId);
        settings.checkAll(problem -> {
            throw problem;
        });
        return settings;
    }

    /**
     * These settings with the database a managed PostgreSQL gives ({@code caducee.db.mode=managed}): its URL, role and
     * password, which the operator does not set in that mode.
     */
    public Settings withManagedDatabase(String url, String user, String password) {
        Map<Setting, String> managedGiven = new EnumMap<>(given);
        Map<Setting, String> managedOrigins = new EnumMap<>(origins);
        Map<Setting, String> managedSecrets = new EnumMap<>(secrets);
        managedGiven.put(Setting.DB_URL, url);
        managedGiven.put(Setting.DB_USER, user);
        managedSecrets.put(Setting.DB_PASSWORD, password);
        for (Setting setting : new Setting[] {Setting.DB_URL, Setting.DB_USER, Setting.DB_PASSWORD}) {
            managedOrigins.put(setting, "the managed PostgreSQL");
        }
        return new Settings(managedGiven, managedOrigins, managedSecrets, givenPerId, originsPerId);
    }

    /**
     * The value given, or the default; empty when neither. On a demonstration server ({@code caducee.demo=true}, the
     * default) a listener the operator did not bind listens on loopback rather than on every interface: the demo
     * boxes' passwords are printed at start and kept in a file, so they open nothing beyond this machine until the
     * operator says so ({@link #DEMO_LOOPBACK}).
     */
    public Optional<String> optional(Setting setting) {
        String value = given.get(setting);
        if (value != null) {
            return Optional.of(value);
        }
        if (DEMO_LOOPBACK.contains(setting) && demo()) {
            return setting.defaultValue().map(Settings::onLoopback);
        }
        if (setting == Setting.IMAP_LITERAL_SIZE_LIMIT) {
            // IMAP advertises it as APPENDLIMIT: a client may not store a message SMTP would refuse.
            return Optional.of(text(Setting.SMTP_MAX_MESSAGE_SIZE_KB) + "K");
        }
        return setting.defaultValue();
    }

    /** Whether the first start creates the demo domain and boxes. */
    public boolean demo() {
        return Boolean.parseBoolean(given.getOrDefault(Setting.DEMO, Setting.DEMO.defaultValue().orElseThrow()));
    }

    /** {@code 0.0.0.0:10025} becomes {@code 127.0.0.1:10025}. */
    private static String onLoopback(String bind) {
        return "127.0.0.1" + bind.substring(bind.lastIndexOf(':'));
    }

    /** The value given, or the default, or {@code ""}. */
    public String text(Setting setting) {
        return optional(setting).orElse("");
    }

    /**
     * Where a setting's value came from: the file's path, {@code the command line}; for a secret {@code file <path>}
     * or {@code environment <VARIABLE>}; empty when it takes its default (or, for a secret, was not given).
     */
    public Optional<String> origin(Setting setting) {
        return Optional.ofNullable(origins.get(setting));
    }

    /** The per-id settings given, by their key for one id, with where each was given. */
    public Map<String, String> givenPerIdOrigins() {
        return Map.copyOf(originsPerId);
    }

    /** The value given for a per-id setting's key for one id. */
    public Optional<String> perIdValue(String key) {
        return Optional.ofNullable(givenPerId.get(key));
    }

    public boolean isGiven(Setting setting) {
        return given.containsKey(setting);
    }

    /** The value a per-id setting was given for this id; empty when it was not. */
    public Optional<String> perId(Setting setting, String id) {
        return Optional.ofNullable(givenPerId.get(setting.keyFor(id)));
    }

    /** The ids a per-id setting was given for, in order, with their values. */
    public Map<String, String> perId(Setting setting) {
        Map<String, String> values = new TreeMap<>();
        givenPerId.forEach((key, value) -> setting.idIn(key).ifPresent(id -> values.put(id, value)));
        return values;
    }

    /** A problem with the value a per-id setting was given for this id, naming where it was given and its key. */
    public InvalidSetting invalid(Setting setting, String id, String problem) {
        String key = setting.keyFor(id);
        return perIdSource(key).invalid(key, problem);
    }

    public long number(Setting setting, long minimum, long maximum) {
        long value = source(setting).number(setting.key(), Long.parseLong(text(setting)));
        if (value < minimum || value > maximum) {
            throw source(setting).invalid(setting.key(), maximum == Long.MAX_VALUE
                ? "must be at least " + minimum + ", was " + value
                : "must be from " + minimum + " to " + maximum + ", was " + value);
        }
        return value;
    }

    /** A period given in seconds (a decimal number is allowed where {@link Setting.Kind#DECIMAL}), more than zero. */
    public Duration seconds(Setting setting) {
        String value = text(setting);
        double seconds;
        try {
            seconds = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw source(setting).invalid(setting.key(), "must be a number of seconds, was '" + value + "'");
        }
        Duration period = Duration.ofMillis((long) (1000 * seconds));
        if (period.isNegative() || period.isZero()) {
            throw source(setting).invalid(setting.key(), "must be a positive number of seconds, was '" + value + "'");
        }
        return period;
    }

    public boolean flag(Setting setting) {
        return Boolean.parseBoolean(text(setting));
    }

    /** A folder or file, absolute, relative ones taken from the server's working directory. */
    public Path path(Setting setting) {
        return Path.of(text(setting)).toAbsolutePath().normalize();
    }

    /** One of an enum's constants, named in any case; {@code choices} says them to the operator ("a or b"). */
    public <E extends Enum<E>> E choice(Setting setting, Class<E> type, String choices) {
        return source(setting).choice(setting.key(), text(setting), type, choices);
    }

    /** A secret read at start from its file or the environment; empty when it was given neither way. */
    public Optional<String> secret(Setting setting) {
        if (setting.kind() != Setting.Kind.SECRET) {
            throw new IllegalArgumentException(setting.key() + " is not a secret");
        }
        return Optional.ofNullable(secrets.get(setting));
    }

    /**
     * Writes the effective value of every setting that is not a secret as a system property: James reads its XML and
     * .properties files with {@code ${sys:name:-default}}, so the listeners, the spool and the directory and audit
     * files see what caducee.properties and the command line say. Secrets are never published.
     */
    public void publishForJamesConfiguration() {
        for (Setting setting : Setting.values()) {
            if (setting.kind() != Setting.Kind.SECRET && setting.kind() != Setting.Kind.SET_BY_SERVER) {
                optional(setting).ifPresent(value -> System.setProperty(setting.key(), value));
            }
        }
    }

    public InvalidSetting invalid(Setting setting, String problem) {
        return source(setting).invalid(setting.key(), problem);
    }

    private SettingsFile perIdSource(String key) {
        String origin = originsPerId.getOrDefault(key, "the defaults");
        return new SettingsFile(origin.equals(COMMAND_LINE) ? COMMAND_LINE + " (-D" + key + ")" : origin,
            new MapConfiguration(Map.of(key, givenPerId.getOrDefault(key, ""))));
    }

    /** Each value checked against its kind; one in error is handed to {@code problems} and left out. */
    private void checkAll(Consumer<InvalidSetting> problems) {
        for (Map.Entry<String, String> entry : List.copyOf(givenPerId.entrySet())) {
            String key = entry.getKey();
            String value = entry.getValue();
            Setting setting = Setting.perIdWithKey(key).orElseThrow();
            if (setting.kind() == Setting.Kind.HOST_PORT && !value.isEmpty() && !validHostPort(value)) {
                problems.accept(perIdSource(key).invalid(key, "must be host:port, was '" + value + "'"));
                givenPerId.remove(key);
            }
        }
        for (Map.Entry<Setting, String> entry : List.copyOf(given.entrySet())) {
            try {
                check(entry.getKey(), entry.getValue());
            } catch (InvalidSetting problem) {
                problems.accept(problem);
                given.remove(entry.getKey());
            }
        }
    }

    private void check(Setting setting, String value) {
        SettingsFile source = source(setting);
        switch (setting.kind()) {
            case WHOLE_NUMBER -> source.number(setting.key(), 0);
            case DECIMAL -> seconds(setting);
            case PORT -> port(setting, value);
            case HOST_PORT -> hostPort(setting, value);
            case FLAG -> {
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    throw source.invalid(setting.key(), "must be true or false, was '" + value + "'");
                }
            }
            case PATH -> {
                if (value.isEmpty()) {
                    throw source.invalid(setting.key(), "must name a file or folder, was empty");
                }
            }
            case SET_BY_SERVER -> throw source.invalid(setting.key(),
                "is set by the server itself at start; remove it");
            default -> { }
        }
    }

    private void port(Setting setting, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw source(setting).invalid(setting.key(), "must be a port from 0 to 65535, was '" + value + "'");
    }

    private void hostPort(Setting setting, String value) {
        if (value.isEmpty() && setting.defaultValue().map(String::isEmpty).orElse(false)) {
            return;
        }
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw source(setting).invalid(setting.key(), "must be host:port, was '" + value + "'");
        }
        port(setting, value.substring(colon + 1));
    }

    private static boolean validHostPort(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            return false;
        }
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            return port >= 0 && port <= 65535;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void readSecrets(Map<String, String> environment, Consumer<InvalidSetting> problems) {
        for (Setting secret : Setting.values()) {
            if (secret.kind() != Setting.Kind.SECRET) {
                continue;
            }
            Optional<Setting> fileSetting = secret.file().filter(given::containsKey);
            if (fileSetting.isPresent()) {
                try {
                    secrets.put(secret, readSecretFile(fileSetting.get()));
                    origins.put(secret, "file " + path(fileSetting.get()));
                } catch (InvalidSetting problem) {
                    problems.accept(problem);
                }
                continue;
            }
            secret.environmentVariable().filter(variable -> !environment.getOrDefault(variable, "").isEmpty())
                .ifPresent(variable -> {
                    secrets.put(secret, environment.get(variable));
                    origins.put(secret, "environment " + variable);
                });
        }
    }

    private String readSecretFile(Setting fileSetting) {
        Path file = path(fileSetting);
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(NOT_OWNER::contains)) {
                throw source(fileSetting).invalid(fileSetting.key(), "names " + file + ", which others can read or "
                    + "change (" + PosixFilePermissions.toString(permissions) + "): a secret file must be readable by "
                    + "its owner alone (chmod 600 " + file + ")");
            }
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw source(fileSetting).invalid(fileSetting.key(), "names " + file + ", which cannot be read ("
                + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    private SettingsFile source(Setting setting) {
        String origin = origins.getOrDefault(setting, "the defaults");
        Map<String, Object> values = Map.of(setting.key(), given.getOrDefault(setting, text(setting)));
        return new SettingsFile(origin.equals(COMMAND_LINE) ? COMMAND_LINE + " (-D" + setting.key() + ")" : origin,
            new MapConfiguration(values));
    }

    static String whereSecretsGo(Setting secret) {
        String environment = secret.environmentVariable().map(variable -> "the environment variable " + variable)
            .orElse("the environment");
        return secret.file()
            .map(file -> "put it in a file readable only by the server's account and name that file with "
                + file.key() + ", or in " + environment)
            .orElse("put it in " + environment);
    }

    private static boolean looksSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("secret") || lower.contains("password");
    }

    private static Setting known(String origin, String key) {
        return Setting.withKey(key).orElseThrow(() -> {
            Setting closest = Arrays.stream(Setting.values())
                .min(Comparator.comparingInt(setting -> distance(setting.key(), key))).orElseThrow();
            return new InvalidSetting(origin, key, "is not a setting of Caducée; did you mean "
                + closest.key() + "? (docs/CONFIGURATION.md lists them all)");
        });
    }

    /** Levenshtein's edit distance, to suggest the setting a misspelt key meant. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    @Override
    public String toString() {
        return "Settings" + given + (givenPerId.isEmpty() ? "" : givenPerId);
    }
}
