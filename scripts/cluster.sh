# shellcheck shell=bash
# `./livedash cluster`: a throwaway PostgreSQL, several silo processes and gateway processes on loopback.
# Sourced by ./livedash, which provides die, ensure_dotnet and ensure_postgresql.

readonly CLUSTER_SILO_COUNT=3
readonly CLUSTER_SILO_DLL=Silo/bin/Release/net10.0/LiveDash.Silo.dll
readonly CLUSTER_GATEWAY_COUNT=2
readonly CLUSTER_GATEWAY_DLL=Gateway/bin/Release/net10.0/LiveDash.Gateway.dll
# A silo gets this long to leave the cluster after SIGTERM (it marks itself Dead and deactivates
# its grains, normally well under a second) before it is killed; a gateway, to end its push
# connections and stop its cluster client.
readonly CLUSTER_STOP_TIMEOUT_SECONDS=30
# How long the start waits for every gateway's /readyz to answer 200 before it says which did not.
readonly CLUSTER_READY_TIMEOUT_SECONDS=60

CLUSTER_DIR=""
CLUSTER_PG_BIN=""
CLUSTER_PG_STARTED=0
CLUSTER_STOPPING=0
CLUSTER_SILO_PIDS=()
CLUSTER_GATEWAY_PIDS=()
# Every process's name (silo-1, gateway-1, ...) by pid.
declare -A CLUSTER_NAMES=()

# Whether a process listens on TCP port $1 on any local address.
port_in_use() {
  if command -v ss >/dev/null 2>&1; then
    ss -Htln "sport = :$1" | grep -q .
  else
    # Without iproute2: a connection that succeeds means someone listens.
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

# Runs a PostgreSQL tool: as the postgres user when we are root (PostgreSQL refuses root), from the
# cluster directory, which that user owns (it may not be allowed into the current directory).
pg_run() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd "$CLUSTER_DIR" && runuser -u postgres -- "$@")
  else
    (cd "$CLUSTER_DIR" && "$@")
  fi
}

# Starts the throwaway PostgreSQL server in $CLUSTER_DIR and prints its port. The port is picked at
# random and checked free; another process can still take it before the server binds, so a failed
# start is retried on another port. Runs in a subshell (command substitution): sets no globals.
cluster_start_postgres() {
  local data="$CLUSTER_DIR/data" log="$CLUSTER_DIR/postgres.log" attempt port

  pg_run "$CLUSTER_PG_BIN/initdb" -D "$data" -A trust -U livedash -E UTF8 --no-instructions >"$CLUSTER_DIR/initdb.log" 2>&1 || {
    echo "livedash: initdb failed:" >&2
    cat "$CLUSTER_DIR/initdb.log" >&2
    return 1
  }

  for attempt in 1 2 3; do
    port=$((20000 + RANDOM % 20000))
    port_in_use "$port" && continue
    if pg_run "$CLUSTER_PG_BIN/pg_ctl" -D "$data" -l "$log" -w -t 60 \
      -o "-p $port -k $CLUSTER_DIR -c listen_addresses=127.0.0.1" start >/dev/null; then
      pg_run "$CLUSTER_PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U livedash livedash || {
        echo "livedash: createdb livedash failed; server log: $log" >&2
        return 1
      }
      echo "$port"
      return 0
    fi
    echo "livedash: PostgreSQL did not start on port $port (attempt $attempt of 3)." >&2
  done
  echo "livedash: PostgreSQL did not start; server log ($log):" >&2
  cat "$log" >&2 || true
  return 1
}

# Starts silo number $1 on port $2 in the background, every output line prefixed with its name.
cluster_start_silo() {
  local index=$1 port=$2 connection=$3 name="silo-$1" demo=false
  [ "$index" -ne 1 ] || demo=true
  # The redirection is set up in the background child before it execs dotnet, so $! is the silo
  # itself (what SIGTERM must reach), not the sed that prefixes its lines. sed ignores Ctrl-C
  # (sent to the whole process group) so the silo's shutdown lines still get through; it ends when
  # the silo closes its output.
  env \
    LiveDash__Cluster__Provider=postgres \
    LiveDash__Cluster__Postgres="$connection" \
    LiveDash__Cluster__ClusterId=livedash \
    LiveDash__Silo__Port="$port" \
    LiveDash__Demo="$demo" \
    Logging__Console__FormatterName=simple \
    Logging__Console__FormatterOptions__SingleLine=true \
    Logging__Console__FormatterOptions__TimestampFormat='HH:mm:ss.fff ' \
    Logging__Console__FormatterOptions__ColorBehavior=Disabled \
    dotnet "$CLUSTER_SILO_DLL" > >(trap '' INT TERM && exec sed -u "s/^/[$name] /") 2>&1 &
  CLUSTER_SILO_PIDS+=("$!")
  CLUSTER_NAMES[$!]=$name
}

# Starts gateway number $1 on HTTP port $2 in the background, a cluster client of the silos in the
# database $3; output prefixed as for silos. Its start does not wait for the silos: /readyz answers
# 503 until the gateway sees an Active silo.
cluster_start_gateway() {
  local index=$1 port=$2 connection=$3 name="gateway-$1"
  env \
    LiveDash__Cluster__Provider=postgres \
    LiveDash__Cluster__Postgres="$connection" \
    LiveDash__Cluster__ClusterId=livedash \
    LiveDash__Gateway__Name="$name" \
    Logging__Console__FormatterName=simple \
    Logging__Console__FormatterOptions__SingleLine=true \
    Logging__Console__FormatterOptions__TimestampFormat='HH:mm:ss.fff ' \
    Logging__Console__FormatterOptions__ColorBehavior=Disabled \
    dotnet "$CLUSTER_GATEWAY_DLL" --urls "http://127.0.0.1:$port" > >(trap '' INT TERM && exec sed -u "s/^/[$name] /") 2>&1 &
  CLUSTER_GATEWAY_PIDS+=("$!")
  CLUSTER_NAMES[$!]=$name
}

# Waits until every gateway on ports "$@" answers 200 on /readyz, or CLUSTER_READY_TIMEOUT_SECONDS
# passed (then it says which are not ready and carries on: they may still get there). Needs curl;
# without it, says so and does not wait.
cluster_wait_ready() {
  if ! command -v curl >/dev/null 2>&1; then
    echo "livedash: curl is missing, so the start does not wait for the gateways to be ready (GET /readyz)." >&2
    return 0
  fi

  local -a waiting=("$@") left=()
  local deadline=$((SECONDS + CLUSTER_READY_TIMEOUT_SECONDS)) port
  while [ ${#waiting[@]} -gt 0 ] && [ "$SECONDS" -lt "$deadline" ]; do
    left=()
    for port in "${waiting[@]}"; do
      curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/readyz" 2>/dev/null || left+=("$port")
    done
    waiting=("${left[@]}")
    [ ${#waiting[@]} -eq 0 ] || sleep 0.5
  done
  for port in "${waiting[@]}"; do
    echo "livedash: the gateway on port $port is not ready after ${CLUSTER_READY_TIMEOUT_SECONDS} s; see its log lines and: curl -s http://127.0.0.1:$port/readyz" >&2
  done
}

# Stops the processes "$@" (a group: the gateways, or the silos): SIGTERM to each, then waits for
# them, killing those still running after CLUSTER_STOP_TIMEOUT_SECONDS.
cluster_stop_group() {
  local what=$1 pid watchdog
  shift
  [ $# -gt 0 ] || return 0
  echo "==> stopping the $what (SIGTERM)"
  kill -TERM "$@" 2>/dev/null || true
  # Waiting for the processes is the event; the watchdog only bounds it. Told to stop, it kills its
  # own sleep, so nothing is left running behind us. INT and TERM are ignored from here on, and
  # what a subshell inherits as ignored it can neither trap nor be stopped by: hence USR1 and KILL.
  (
    sleep "$CLUSTER_STOP_TIMEOUT_SECONDS" &
    timer=$!
    trap 'kill -KILL "$timer" 2>/dev/null; exit 0' USR1
    wait "$timer"
    echo "livedash: a process of the $what did not stop within ${CLUSTER_STOP_TIMEOUT_SECONDS} s; killing it." >&2
    kill -KILL "$@" 2>/dev/null
  ) &
  watchdog=$!
  for pid in "$@"; do
    wait "$pid" 2>/dev/null || true
  done
  kill -USR1 "$watchdog" 2>/dev/null || true
  wait "$watchdog" 2>/dev/null || true
}

# Stops the gateways, then the silos (SIGTERM, bounded wait), then PostgreSQL, and deletes the
# temporary directory. Gateways go first: they are the silos' clients, and a gateway outliving its
# silos would only log failed calls. Runs once, from the signal traps or on exit, whatever state the
# start reached.
cluster_stop() {
  [ "$CLUSTER_STOPPING" -eq 0 ] || return 0
  CLUSTER_STOPPING=1
  # Ctrl-C reaches the whole process group and timeout(1) signals twice (the script, then its
  # group): a second signal must not cut the shutdown short. The watchdogs bound it instead.
  # (The background dotnet processes themselves ignore SIGINT: a non-interactive shell starts
  # background jobs that way, so only the SIGTERM sent here stops them, in this order.)
  trap '' INT TERM

  cluster_stop_group gateways "${CLUSTER_GATEWAY_PIDS[@]}"
  cluster_stop_group silos "${CLUSTER_SILO_PIDS[@]}"

  if [ "$CLUSTER_PG_STARTED" -eq 1 ]; then
    echo "==> stopping PostgreSQL"
    pg_run "$CLUSTER_PG_BIN/pg_ctl" -D "$CLUSTER_DIR/data" -m fast -w stop >/dev/null ||
      echo "livedash: pg_ctl stop failed; server log: $CLUSTER_DIR/postgres.log" >&2
  elif [ -n "$CLUSTER_DIR" ] && [ -f "$CLUSTER_DIR/data/postmaster.pid" ]; then
    # The start was interrupted after the server came up but before we recorded it.
    pg_run "$CLUSTER_PG_BIN/pg_ctl" -D "$CLUSTER_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi

  if [ -n "$CLUSTER_DIR" ]; then
    rm -rf "$CLUSTER_DIR"
  fi
}

cmd_cluster() {
  local first_port=11111 first_gateway_port=5080
  while [ $# -gt 0 ]; do
    case "$1" in
      --silo-port)
        [ $# -ge 2 ] || die "--silo-port needs a port number; see ./livedash cluster --help."
        first_port=$2
        shift 2
        ;;
      --silo-port=*)
        first_port=${1#--silo-port=}
        shift
        ;;
      --gateway-port)
        [ $# -ge 2 ] || die "--gateway-port needs a port number; see ./livedash cluster --help."
        first_gateway_port=$2
        shift 2
        ;;
      --gateway-port=*)
        first_gateway_port=${1#--gateway-port=}
        shift
        ;;
      *)
        echo "livedash: cluster does not take '$1'; see ./livedash cluster --help." >&2
        exit 2
        ;;
    esac
  done
  if ! [[ "$first_port" =~ ^[0-9]+$ ]] || [ "$first_port" -lt 1 ] || [ "$first_port" -gt $((65536 - CLUSTER_SILO_COUNT)) ]; then
    die "--silo-port must be a port number from 1 to $((65536 - CLUSTER_SILO_COUNT)); it was '$first_port'."
  fi

  if ! [[ "$first_gateway_port" =~ ^[0-9]+$ ]] || [ "$first_gateway_port" -lt 1 ] || [ "$first_gateway_port" -gt $((65536 - CLUSTER_GATEWAY_COUNT)) ]; then
    die "--gateway-port must be a port number from 1 to $((65536 - CLUSTER_GATEWAY_COUNT)); it was '$first_gateway_port'."
  fi

  local -a ports=() gateway_ports=()
  local i port
  for ((i = 0; i < CLUSTER_SILO_COUNT; i++)); do
    port=$((first_port + i))
    if port_in_use "$port"; then
      die "silo port $port is taken (see: ss -ltnp 'sport = :$port'); stop what listens there, or move the silos with --silo-port <first port>."
    fi
    ports+=("$port")
  done
  for ((i = 0; i < CLUSTER_GATEWAY_COUNT; i++)); do
    port=$((first_gateway_port + i))
    if [[ " ${ports[*]} " == *" $port "* ]]; then
      die "gateway port $port is also a silo port; move the gateways with --gateway-port <first port> or the silos with --silo-port <first port>."
    fi
    if port_in_use "$port"; then
      die "gateway port $port is taken (see: ss -ltnp 'sport = :$port'); stop what listens there, or move the gateways with --gateway-port <first port>."
    fi
    gateway_ports+=("$port")
  done

  ensure_dotnet
  ensure_postgresql
  CLUSTER_PG_BIN=$(dirname "$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1)")

  echo "==> dotnet build Silo and Gateway -c Release"
  dotnet build Silo/LiveDash.Silo.csproj -c Release -v minimal -nologo ||
    die "the Silo build failed."
  dotnet build Gateway/LiveDash.Gateway.csproj -c Release -v minimal -nologo ||
    die "the Gateway build failed."

  trap cluster_stop EXIT
  # A requested stop is a success: the script exits 0 once everything is down.
  trap 'cluster_stop; exit 0' INT TERM

  CLUSTER_DIR=$(mktemp -d -t livedash-cluster-XXXXXX)
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$CLUSTER_DIR"
  fi
  echo "==> starting PostgreSQL in $CLUSTER_DIR"
  local pg_port connection
  pg_port=$(cluster_start_postgres) || die "could not start PostgreSQL (see above)."
  CLUSTER_PG_STARTED=1
  connection="Host=127.0.0.1;Port=$pg_port;Database=livedash;Username=livedash"

  echo "==> starting $CLUSTER_SILO_COUNT silos"
  for ((i = 0; i < CLUSTER_SILO_COUNT; i++)); do
    cluster_start_silo $((i + 1)) "${ports[i]}" "$connection"
  done
  echo "==> starting $CLUSTER_GATEWAY_COUNT gateways"
  for ((i = 0; i < CLUSTER_GATEWAY_COUNT; i++)); do
    cluster_start_gateway $((i + 1)) "${gateway_ports[i]}" "$connection"
  done
  cluster_wait_ready "${gateway_ports[@]}"

  cat <<SUMMARY

LiveDash cluster on loopback (Ctrl-C stops it):
  PostgreSQL  $connection
              (psql -h 127.0.0.1 -p $pg_port -U livedash livedash; log: $CLUSTER_DIR/postgres.log)
SUMMARY
  for ((i = 0; i < CLUSTER_SILO_COUNT; i++)); do
    printf '  silo-%d      127.0.0.1:%d  pid %d%s\n' $((i + 1)) "${ports[i]}" "${CLUSTER_SILO_PIDS[i]}" "$([ "$i" -ne 0 ] || echo '  (demo feed)')"
  done
  for ((i = 0; i < CLUSTER_GATEWAY_COUNT; i++)); do
    printf '  gateway-%d   http://127.0.0.1:%d/  pid %d  (dashboard; /readyz, /healthz)\n' $((i + 1)) "${gateway_ports[i]}" "${CLUSTER_GATEWAY_PIDS[i]}"
  done
  echo

  # Wait for processes to exit (a crash, or someone killing one to watch failover); the traps end
  # the wait on Ctrl-C. The cluster runs on while one silo is left; gateways may come and go.
  local -a running=("${CLUSTER_SILO_PIDS[@]}" "${CLUSTER_GATEWAY_PIDS[@]}") left=()
  local exited status silos_left
  while [ ${#running[@]} -gt 0 ]; do
    status=0
    wait -n -p exited "${running[@]}" || status=$?
    echo "livedash: ${CLUSTER_NAMES[$exited]} (pid $exited) exited with status $status." >&2
    left=()
    silos_left=0
    for i in "${running[@]}"; do
      [ "$i" = "$exited" ] && continue
      left+=("$i")
      [[ ${CLUSTER_NAMES[$i]} != silo-* ]] || silos_left=$((silos_left + 1))
    done
    running=("${left[@]}")
    [ "$silos_left" -gt 0 ] || break
  done
  die "every silo has exited; stopping the gateways and PostgreSQL."
}
