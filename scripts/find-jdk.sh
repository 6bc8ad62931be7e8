# Sourced by ./outcrop and ./mvnw: finds a JDK whose major version is at least OUTCROP_MIN_JAVA (21)
# and exports it as JAVA_HOME. Order: OUTCROP_JAVA_HOME, JAVA_HOME, the `java` on PATH, then the usual
# install locations (Debian/Ubuntu, RPM, SDKMAN, macOS), newest first. Prints what it tried when none fits.

OUTCROP_MIN_JAVA=${OUTCROP_MIN_JAVA:-21}

# Prints the major version of the JDK at $1, or nothing when $1 is not a JDK.
outcrop_jdk_major() {
  [ -x "$1/bin/java" ] || return 1
  [ -x "$1/bin/javac" ] || return 1
  v=""
  if [ -r "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release" | head -n 1)
  fi
  if [ -z "$v" ]; then
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1)
  fi
  case "$v" in
    1.*) v=${v#1.} ;;
  esac
  v=${v%%[.+-]*}
  case "$v" in
    ''|*[!0-9]*) return 1 ;;
  esac
  echo "$v"
}

outcrop_find_jdk() {
  tried=""
  candidates=""
  [ -n "${OUTCROP_JAVA_HOME:-}" ] && candidates="$candidates $OUTCROP_JAVA_HOME"
  [ -n "${JAVA_HOME:-}" ] && candidates="$candidates $JAVA_HOME"
  if command -v java >/dev/null 2>&1; then
    j=$(command -v java)
    j=$(readlink -f "$j" 2>/dev/null || echo "$j")
    candidates="$candidates ${j%/bin/java}"
  fi
  for d in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
           /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$d" ] && candidates="$candidates $d"
  done
  best=""
  best_major=0
  for c in $candidates; do
    m=$(outcrop_jdk_major "$c") || { tried="$tried\n  $c (not a JDK)"; continue; }
    tried="$tried\n  $c (Java $m)"
    if [ "$m" -ge "$OUTCROP_MIN_JAVA" ] && [ "$m" -gt "$best_major" ]; then
      best="$c"
      best_major="$m"
    fi
    # An explicit choice that fits wins over a newer JDK found elsewhere.
    if [ -n "$best" ] && { [ "$c" = "${OUTCROP_JAVA_HOME:-}" ] || [ "$c" = "${JAVA_HOME:-}" ]; }; then
      break
    fi
  done
  if [ -z "$best" ]; then
    printf 'outcrop: no JDK %s or newer found. Tried:%b\n' "$OUTCROP_MIN_JAVA" "$tried" >&2
    printf 'Install one (for example: apt-get install openjdk-21-jdk-headless) or point OUTCROP_JAVA_HOME at it.\n' >&2
    return 1
  fi
  JAVA_HOME="$best"
  export JAVA_HOME
}
