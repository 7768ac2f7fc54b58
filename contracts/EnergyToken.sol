// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title GridDesk energy token (ETK): 1 token = 1 kWh of metered energy, 3 decimals (1 unit = 1 Wh).
/// @notice Minted for a device owner's net export and burnt for net import, once per metering
/// interval: the interval id makes a repeated settlement of the same interval revert.
contract EnergyToken is ERC20, AccessControl {
    bytes32 public constant SETTLER_ROLE = keccak256("SETTLER_ROLE");

    /// Metering intervals already settled (minted or burnt), by their off-chain interval id.
    mapping(bytes32 => bool) public intervalSettled;

    error IntervalAlreadySettled(bytes32 intervalId);

    event MeteredMinted(bytes32 indexed intervalId, address indexed owner, uint256 amount);
    event MeteredBurnt(bytes32 indexed intervalId, address indexed owner, uint256 amount);

    constructor(address admin) ERC20("GridDesk Energy", "ETK") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    function decimals() public pure override returns (uint8) {
        return 3;
    }

    /// Net export of one metering interval: new tokens for the device owner.
    function mintMetered(bytes32 intervalId, address owner, uint256 amount) external onlyRole(SETTLER_ROLE) {
        _markInterval(intervalId);
        _mint(owner, amount);
        emit MeteredMinted(intervalId, owner, amount);
    }

    /// Net import of one metering interval: the owner's tokens are burnt.
    function burnMetered(bytes32 intervalId, address owner, uint256 amount) external onlyRole(SETTLER_ROLE) {
        _markInterval(intervalId);
        _burn(owner, amount);
        emit MeteredBurnt(intervalId, owner, amount);
    }

    function _markInterval(bytes32 intervalId) private {
        if (intervalSettled[intervalId]) revert IntervalAlreadySettled(intervalId);
        intervalSettled[intervalId] = true;
    }
}
