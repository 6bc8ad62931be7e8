/** Usage and cost: the ledger, prices, budgets that stop spend, quotas, and the accounting of each call. */
package dev.outcrop.usage;
