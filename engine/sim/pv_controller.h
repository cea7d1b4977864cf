// The persistent-volume controller, abridged, and the scheduler's volume
// binding check. Internal to engine/sim.
//
// A PersistentVolumeClaim names a StorageClass (spec.storageClassName, else
// the class annotated storageclass.kubernetes.io/is-default-class=true).
// When the class exists the claim is provisioned at once (both binding
// modes; WaitForFirstConsumer is not modelled): a PersistentVolume
// "pvc-<claim uid>" of the requested size, access modes and the class's
// reclaimPolicy (default Delete) is created Bound to the claim, the claim
// gets spec.volumeName and status Bound (accessModes, capacity), with the
// events ExternalProvisioning, Provisioning and ProvisioningSucceeded. When
// the class does not exist the claim stays Pending with Warning
// ProvisioningFailed `storageclass.storage.k8s.io "NAME" not found`
// (persistentvolume-controller), repeated on every resync (15s). A claim
// with no class and no default class stays Pending with Normal
// FailedBinding "no persistent volumes available for this claim and no
// storage class is set".
#pragma once

#include <string>

#include "engine/core/json.h"
#include "engine/sim/sim_world.h"

namespace kf::sim {

// Reconciles one claim (no-op when it is gone or already Bound).
void SyncClaim(SimWorld* w, const std::string& ns, const std::string& name);
// Reconciles every Pending claim (the controller's periodic resync).
void SyncPendingClaims(SimWorld* w);

// Why the scheduler cannot place `pod` because of its claims, as the
// VolumeBinding plugin words it ("pod has unbound immediate
// PersistentVolumeClaims", `persistentvolumeclaim "x" not found`); "" when
// every claim it mounts is Bound.
std::string UnboundClaimsReason(const SimWorld& w, const Json& pod);

}  // namespace kf::sim
