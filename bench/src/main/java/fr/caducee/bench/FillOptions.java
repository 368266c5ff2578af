package fr.caducee.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@link FillLoad} and {@link FillCheck} were asked to do: the submission options of {@link LoadOptions}, plus
 * the ledger they share and when to stop.
 */
record FillOptions(LoadOptions load, Path ledger, String label, int untilRefusals) {
    static final String USAGE = LoadOptions.USAGE.replace("SubmissionLoad", "FillLoad|FillCheck") + """

          --ledger FILE        every message sent and the server's answer, one a line (appended; read by FillCheck)
          --label NAME         FillLoad: Message-IDs <NAME-n@domain of --from> (default fill)
          --until-refusals K   FillLoad: stop after K refusals in a row (default 8); --messages still caps the run
        FillCheck waits (--inbox-timeout) until --to's INBOX, over --imaps-port, holds every message the ledger says
        got a 250, and counts those missing, those there twice and those refused but delivered.""";

    private static final Map<String, String> DEFAULTS = Map.of("label", "fill", "until-refusals", "8");

    static FillOptions parse(String[] args) {
        Map<String, String> ours = new java.util.HashMap<>(DEFAULTS);
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if ((name.equals("ledger") || DEFAULTS.containsKey(name)) && i + 1 < args.length) {
                ours.put(name, args[++i]);
            } else {
                rest.add(args[i]);
            }
        }
        if (!ours.containsKey("ledger")) {
            throw new IllegalArgumentException("--ledger is required");
        }
        int untilRefusals;
        try {
            untilRefusals = Integer.parseInt(ours.get("until-refusals"));
        } catch (NumberFormatException e) {
            untilRefusals = 0;
        }
        if (untilRefusals < 1) {
            throw new IllegalArgumentException("--until-refusals must be a positive integer");
        }
        return new FillOptions(LoadOptions.parse(rest.toArray(String[]::new)), Path.of(ours.get("ledger")),
            ours.get("label"), untilRefusals);
    }

    /** The Message-ID of message {@code n} of this run. */
    String messageId(int n) {
        String from = load.from();
        return "<" + label + "-" + n + "@" + from.substring(from.indexOf('@') + 1) + ">";
    }
}
