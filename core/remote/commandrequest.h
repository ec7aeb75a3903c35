#pragma once

#include "ssh/execrequest.h"

namespace gs::remote {

// The remote layer speaks of commands; the SSH layer of exec requests. Same data.
using CommandRequest = ssh::ExecRequest;
using CommandResult = ssh::ExecResult;

} // namespace gs::remote
