# A test mbox made the same way on every machine: scripts/bench-imap's messages to append (sourced; bench_mbox FILE).
# shellcheck shell=bash
#
# 100 messages from a fixed seed (a linear congruential generator in shell arithmetic, so every machine writes the
# same bytes): letters of 1 to 12 KB between professionals, accented French in subjects and names (RFC 2047 encoded
# words) and in UTF-8 bodies; one in five is multipart/mixed with a base64 attachment of 2 to 30 KB, one in ten
# carries a forwarded message (message/rfc822), one in seven is quoted-printable. Dates go forward an hour apart. No
# body line starts with "From ", so nothing needs quoting in mbox.

bench_mbox_seed=15

# The next pseudo-random number in [0, $1); the state in bench_mbox_state.
bench_mbox_next() {
  bench_mbox_state=$(((bench_mbox_state * 1103515245 + 12345) % 2147483648))
  bench_mbox_n=$(((bench_mbox_state / 65536) % $1))
}

bench_mbox_words=(patient consultation compte-rendu résultats analyse biologie ordonnance traitement posologie
  suivi hospitalisation sortie courrier médecin infirmière pharmacie dossier examen scanner IRM radiographie
  ferritine hémoglobine glycémie tension allergie vaccin rendez-vous urgence service cardiologie pédiatrie
  gériatrie kinésithérapie bilan contrôle semaine matin soir demain équipe garde relève transmission plaie
  pansement perfusion antalgique surveillance température douleur mobilité repas sommeil famille accord)
bench_mbox_people=("Dr Claire Martin <claire.martin@chu-exemple.localhost>"
  "Dr Paul Durand <paul.durand@cabinet.localhost>" "=?UTF-8?Q?=C3=89quipe_de_soins?= <equipe.soins@chu-exemple.localhost>"
  "Pharmacie du Centre <officine@pharmacie.localhost>" "Laboratoire Biolab <resultats@biolab.localhost>"
  "=?UTF-8?Q?Infirmi=C3=A8re_L=C3=A9a_Roux?= <lea.roux@ssiad.localhost>")
bench_mbox_subjects=("Compte-rendu de consultation" "Résultats d'analyses" "Ordonnance de sortie"
  "Transmission de l'équipe de nuit" "Demande d'avis en cardiologie" "Bilan de kinésithérapie"
  "Rendez-vous de contrôle" "Suivi de plaie" "Courrier de sortie d'hospitalisation" "Renouvellement de traitement")

# Words until about $1 bytes, wrapped at 72 columns.
bench_mbox_text() {
  local size=$1 line="" total=0 word
  while ((total < size)); do
    bench_mbox_next ${#bench_mbox_words[@]}
    word=${bench_mbox_words[bench_mbox_n]}
    if ((${#line} + ${#word} >= 72)); then
      printf '%s\n' "$line"
      total=$((total + ${#line} + 1))
      line=""
    fi
    line+="${line:+ }$word"
  done
  [ -n "$line" ] && printf '%s\n' "$line"
}

# About $1 bytes of base64 lines (76 columns) of pseudo-random data.
bench_mbox_base64() {
  local size=$1 alphabet=ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/ line i
  for ((i = 0; i < size / 77 + 1; i++)); do
    line=""
    while ((${#line} < 76)); do
      bench_mbox_next 64
      line+=${alphabet:bench_mbox_n:1}
    done
    printf '%s\n' "$line"
  done
}

# A subject in UTF-8 as an RFC 2047 encoded word (base64), as clients send accented subjects.
bench_mbox_subject() {
  printf '=?UTF-8?B?%s?=' "$(printf '%s' "$1" | base64 -w0)"
}

bench_mbox_message() {
  local i=$1 from to subject date size boundary
  bench_mbox_next ${#bench_mbox_people[@]}; from=${bench_mbox_people[bench_mbox_n]}
  bench_mbox_next ${#bench_mbox_people[@]}; to=${bench_mbox_people[bench_mbox_n]}
  bench_mbox_next ${#bench_mbox_subjects[@]}; subject="${bench_mbox_subjects[bench_mbox_n]} n° $i"
  date=$(LC_ALL=C date -u -d "@$((1793520000 + i * 3600))" '+%a, %d %b %Y %H:%M:%S +0000')
  printf 'From bench@bench.localhost %s\n' "$(LC_ALL=C date -u -d "@$((1793520000 + i * 3600))" '+%a %b %e %H:%M:%S %Y')"
  printf 'Message-ID: <bench-%03d@bench.localhost>\nDate: %s\nFrom: %s\nTo: %s\nSubject: %s\nMIME-Version: 1.0\n' \
    "$i" "$date" "$from" "$to" "$(bench_mbox_subject "$subject")"
  bench_mbox_next 11; size=$((1024 + bench_mbox_n * 1024))
  if ((i % 10 == 0)); then
    boundary="bench-fwd-$i"
    printf 'Content-Type: multipart/mixed; boundary="%s"\n\n--%s\nContent-Type: text/plain; charset=utf-8\n' "$boundary" "$boundary"
    printf 'Content-Transfer-Encoding: 8bit\n\nVoir le message transmis ci-dessous.\n\n--%s\n' "$boundary"
    printf 'Content-Type: message/rfc822\n\nMessage-ID: <bench-%03d-fwd@bench.localhost>\nDate: %s\nFrom: %s\n' "$i" "$date" "$to"
    printf 'To: %s\nSubject: %s\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n' "$from" "$(bench_mbox_subject "Tr: $subject")"
    printf 'Content-Transfer-Encoding: 8bit\n\n'
    bench_mbox_text "$size"
    printf '\n--%s--\n' "$boundary"
  elif ((i % 5 == 0)); then
    boundary="bench-part-$i"
    printf 'Content-Type: multipart/mixed; boundary="%s"\n\n--%s\nContent-Type: text/plain; charset=utf-8\n' "$boundary" "$boundary"
    printf 'Content-Transfer-Encoding: 8bit\n\n'
    bench_mbox_text "$size"
    printf '\n--%s\nContent-Type: application/pdf; name="document-%03d.pdf"\n' "$boundary" "$i"
    printf 'Content-Disposition: attachment; filename="document-%03d.pdf"\nContent-Transfer-Encoding: base64\n\n' "$i"
    bench_mbox_next 15; bench_mbox_base64 $((2048 + bench_mbox_n * 2048))
    printf '\n--%s--\n' "$boundary"
  elif ((i % 7 == 0)); then
    printf 'Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n'
    bench_mbox_text "$size" | sed -e 's/é/=C3=A9/g; s/è/=C3=A8/g; s/É/=C3=89/g'
  else
    printf 'Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n'
    bench_mbox_text "$size"
  fi
  printf '\n'
}

# bench_mbox FILE [COUNT]: writes COUNT (default 100) messages to FILE.
bench_mbox() {
  local file=$1 count=${2:-100} i
  bench_mbox_state=$bench_mbox_seed
  for ((i = 1; i <= count; i++)); do bench_mbox_message "$i"; done >"$file"
}
