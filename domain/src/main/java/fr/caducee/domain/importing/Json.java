package fr.caducee.domain.importing;

/** The little JSON the report needs, written by hand: numbers and escaped strings, no library. */
final class Json {

    private Json() {
    }

    static String string(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** One rejection as a JSON object on one line, without the line terminator. */
    static String rejection(ImportRejection rejection) {
        return "{\"type\":\"rejection\",\"line\":" + rejection.line() + ",\"reason\":" + string(rejection.reason())
                + "}";
    }
}
