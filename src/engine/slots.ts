/**
 * Short names for the engine's output slots: RAW fields (raw[p * RC + R_…]), whole-shop daily series
 * (daily[D_… * H + d]) and per-product daily series.
 */
import { DAILY_SERIES, PRODUCT_DAILY_SERIES, RAW, RAW_COUNT } from "./metrics.ts";

export const RC = RAW_COUNT;
export const R_ATT = RAW.ordersAttempted;
export const R_PLACED = RAW.ordersPlaced;
export const R_BO = RAW.ordersBackordered;
export const R_CANC = RAW.ordersCancelled;
export const R_BOSHIP = RAW.backorderedShipped;
export const R_KEPT = RAW.promisesKept;
export const R_WAIT = RAW.waitDaysSum;
export const R_DEM = RAW.unitsDemanded;
export const R_STOCK = RAW.unitsFromStock;
export const R_SHIP = RAW.unitsShipped;
export const R_LOST = RAW.unitsLost;
export const R_UCANC = RAW.unitsCancelled;
export const R_LCANC = RAW.linesCancelled;
export const R_RECV = RAW.unitsReceived;
export const R_OHSUM = RAW.onHandDaySum;
export const R_BOSUM = RAW.backorderedUnitDaySum;
export const R_BLSUM = RAW.backlogOrderDaySum;
export const R_SODAYS = RAW.stockoutDays;
export const R_REPL = RAW.replenishmentOrders;
export const R_SPLIT = RAW.splitShipments;
export const R_REV = RAW.revenue;
export const R_PURCH = RAW.purchaseCost;
export const R_HOLD = RAW.holdingCost;
export const R_ORD = RAW.orderingCost;
export const R_SHIPC = RAW.shippingCost;
export const R_EXP = RAW.expediteCost;
export const R_SURGE = RAW.surgeCost;
export const R_PEN = RAW.penaltyCost;
export const R_OSHIP = RAW.ordersShipped;
export const R_UORD = RAW.unitsOrdered;
export const R_SHORT = RAW.unitsShortDelivered;

export const D_ONHAND = DAILY_SERIES.indexOf("onHand");
export const D_BO = DAILY_SERIES.indexOf("backorderedUnits");
export const D_BACKLOG = DAILY_SERIES.indexOf("backlogOrders");
export const D_NEWBO = DAILY_SERIES.indexOf("newBackorders");
export const D_CANC = DAILY_SERIES.indexOf("cancellations");
export const D_LOST = DAILY_SERIES.indexOf("lostUnits");
export const D_REV = DAILY_SERIES.indexOf("revenue");
export const PD_N = PRODUCT_DAILY_SERIES.length;
export const PD_ONHAND = PRODUCT_DAILY_SERIES.indexOf("onHand");
export const PD_BO = PRODUCT_DAILY_SERIES.indexOf("backorderedUnits");
