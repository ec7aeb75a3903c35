# shellcheck shell=sh
# Takes a whole-tree snapshot (SnapshotScript::create): validates the configuration as it is
# (recorded in the manifest), archives the trees into <gs_sdir>/<id>.tar.gz, writes <id>.manifest
# last and keeps the newest gs_keep. Composed after lock-journal.sh, service-health.sh and
# snapshot-trees.sh, with these inputs: gs_head (the manifest's head), gs_what (the trees, for
# the step's detail).
#
# shellcheck disable=SC2154 # the inputs above are assigned by SnapshotScript::create

gs_journal_open
gs_lock_take
gs_snapshot_begin

gs_step validate running "testing the configuration as it is"
gs_validate_all
gs_out validate "$gs_vout"
# shellcheck disable=SC2034 # gs_valid goes into the manifest (gs_snapshot, snapshot-trees.sh)
if [ -n "$gs_vok" ]; then gs_valid=ok; gs_step validate ok "the configuration validates"
else gs_valid=failed; gs_step validate warning "the configuration does not validate as it is; the snapshot records that"; fi
gs_step snapshot running "$gs_what"
gs_snapshot "$gs_head" || { gs_step snapshot failed "$gs_why"; gs_result error; }
gs_info id "$gs_id"
gs_step snapshot ok "$gs_id: $gs_count files, $gs_size bytes"
gs_pause snapshot
gs_prune
gs_result created
