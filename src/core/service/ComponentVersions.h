#pragma once

#include "common/ComponentVersion.h"

#include <QList>

namespace livesnap {

// The versions of the libraries LiveSnap uses, in the order Help > About and
// `livesnapctl --version` show them: Qt, FFmpeg, libjpeg-turbo, QtKeychain.
QList<ComponentVersion> componentVersions();

} // namespace livesnap
