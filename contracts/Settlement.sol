// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title Atomic delivery-versus-payment of matched local-market trades.
/// @notice For each trade the seller's energy tokens go to the buyer and the buyer's payment tokens
/// to the seller, both pulled with allowances given to this contract beforehand. A batch settles
/// whole or not at all; a trade id settled before makes the batch revert naming it, so re-sending a
/// batch after a lost receipt can never settle a trade twice.
contract Settlement is AccessControl {
    using SafeERC20 for IERC20;

    bytes32 public constant SETTLER_ROLE = keccak256("SETTLER_ROLE");

    IERC20 public immutable energy;
    IERC20 public immutable payment;

    struct Trade {
        /// The terminal's trade id (a positive integer).
        uint256 tradeId;
        address seller;
        address buyer;
        /// Energy token units (Wh).
        uint256 energyAmount;
        /// Payment token units.
        uint256 paymentAmount;
    }

    /// Settled trade ids as a bitmap, 256 per word: marking a trade costs a fraction of a fresh slot.
    mapping(uint256 => uint256) private settledWords;

    error TradeAlreadySettled(uint256 tradeId);
    error EmptyBatch();

    event TradeSettled(uint256 indexed tradeId, address indexed seller, address indexed buyer, uint256 energyAmount, uint256 paymentAmount);

    constructor(address admin, IERC20 energyToken, IERC20 paymentToken) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        energy = energyToken;
        payment = paymentToken;
    }

    function settle(Trade[] calldata trades) external onlyRole(SETTLER_ROLE) {
        if (trades.length == 0) revert EmptyBatch();
        for (uint256 i = 0; i < trades.length; i++) {
            Trade calldata t = trades[i];
            uint256 word = t.tradeId >> 8;
            uint256 bit = 1 << (t.tradeId & 0xff);
            uint256 marks = settledWords[word];
            if (marks & bit != 0) revert TradeAlreadySettled(t.tradeId);
            settledWords[word] = marks | bit;
            energy.safeTransferFrom(t.seller, t.buyer, t.energyAmount);
            payment.safeTransferFrom(t.buyer, t.seller, t.paymentAmount);
            emit TradeSettled(t.tradeId, t.seller, t.buyer, t.energyAmount, t.paymentAmount);
        }
    }

    function isSettled(uint256 tradeId) public view returns (bool) {
        return settledWords[tradeId >> 8] & (1 << (tradeId & 0xff)) != 0;
    }

    /// Which of these trades are settled already: lets a sender drop them before building a batch.
    function settledOf(uint256[] calldata tradeIds) external view returns (bool[] memory result) {
        result = new bool[](tradeIds.length);
        for (uint256 i = 0; i < tradeIds.length; i++) result[i] = isSettled(tradeIds[i]);
    }
}
